"""Seed the self-assessment demo data: both campaigns, their new submissions filled in and
signed off, and last year's national report."""

from __future__ import annotations

from django.core.exceptions import ValidationError

from assessments.demo import campaigns
from assessments.demo.answers import previous_answers, write_answers
from assessments.demo.report import publish
from assessments.demo.rows import CampaignYear, People, PlannedQuestion
from assessments.demo.signoffs import sign_off
from assessments.demo.submissions import Filler, forced_states
from assessments.models import Campaign, FrameworkVersion
from core.demo import DemoContext, Tally
from core.demo.plan import Plan
from organisations.models import Organisation, Status


def _seed_campaign(
    year: CampaignYear,
    version: FrameworkVersion,
    questions: list[PlannedQuestion],
    people: People,
    plan: Plan,
) -> tuple[Campaign, int]:
    """Open the year's campaign if need be and fill in its new submissions; returns the
    campaign and how many submissions it gained."""
    campaign, before = campaigns.campaign(year, version, people.admin)
    planned = [pp.code for pp in plan.placement_providers if pp.is_open]
    codes = {
        pk: str(code)
        for pk, code in Organisation.objects.filter(
            ods_code__in=planned, status=Status.OPEN
        ).values_list("id", "ods_code")
    }
    new = campaigns.new_submissions(campaign, before, codes)
    if not new:
        return campaign, 0
    filler = Filler(year, questions, people, previous_answers(year))
    forced = forced_states(plan, year)
    for submission in new:
        code = codes[submission.organisation_id]
        filler.fill(submission, code, forced.get(code))
    write_answers(new, filler.rows)
    sign_off(filler.rows, questions)
    return campaign, len(new)


def seed_assessments(context: DemoContext) -> Tally:
    """Last year's campaign and this year's for the plan's open placement providers; the
    demo administrator opens them and publishes last year's report. Counts submissions:
    those filled in now, and those that were there already."""
    plan = context.plan
    version = campaigns.framework()
    questions = campaigns.questions(version)
    if not questions:
        raise ValidationError(f"The framework {version.code} has no questions to answer")
    people = campaigns.people(context)
    last, this = campaigns.campaign_years(plan.years[-1])
    in_scope = sum(1 for pp in plan.placement_providers if pp.is_open)
    campaign, added = _seed_campaign(last, version, questions, people, plan)
    publish(campaign, people.admin, added)
    _, added_now = _seed_campaign(this, version, questions, people, plan)
    created = added + added_now
    return Tally(created=created, unchanged=max(0, 2 * in_scope - created))

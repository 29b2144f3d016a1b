"""seed_demo's self-assessment data: last year's campaign submitted and reported, this
year's open with every state, sign-offs that verify, and nothing changed by a second run."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import replace
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command

from assessments.form.missing import submission_missing
from assessments.form.previous import has_previous
from assessments.models import (
    NEEDS_ACTION,
    Action,
    Answer,
    AnswerValue,
    Campaign,
    CampaignStatus,
    NationalReport,
    ReportStatus,
    SignedAnswer,
    SignOff,
    Submission,
    SubmissionEvent,
    SubmissionStatus,
)
from assessments.signoff.services import content_hash, signoff_verify, snapshot_of
from core import academic_year, clock
from core.demo.plan import SMALL
from demo.seed import seed_demo
from organisations.models import Organisation, Region

# Dates here are counted from the clock's today, so CI runs them again on other days.
pytestmark = [pytest.mark.django_db, pytest.mark.date_sensitive]
S = SubmissionStatus


@pytest.fixture(autouse=True)
def _demo_mode(settings: Any) -> None:
    settings.DEMO_MODE = True


def seed() -> str:
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def campaigns() -> tuple[Campaign, Campaign]:
    latest = academic_year.current()
    return (
        Campaign.objects.get(academic_year=latest - 1),
        Campaign.objects.get(academic_year=latest),
    )


def statuses(campaign: Campaign) -> Counter[str]:
    return Counter(campaign.submissions.values_list("status", flat=True))


def contents() -> dict[str, Any]:
    """Everything the self-assessment seed writes, to compare two runs."""
    return {
        "campaigns": sorted(Campaign.objects.values_list("pk", "status", "opens_on", "due_on")),
        "submissions": sorted(
            Submission.objects.values_list("pk", "status", "answered_count", "version")
        ),
        "answers": sorted(Answer.objects.values_list("pk", "value", "comment", "revision")),
        "actions": Action.objects.count(),
        "events": SubmissionEvent.objects.count(),
        "sign_offs": sorted(SignOff.objects.values_list("pk", "sha256")),
        "reports": sorted(NationalReport.objects.values_list("pk", "published_at")),
    }


def test_last_year_is_submitted_and_reported_and_this_year_has_every_state() -> None:
    output = seed()
    last, this = campaigns()
    providers = Organisation.objects.filter(kind="placement_provider", status="open").count()
    assert re.search(rf"Self-assessments\s+{2 * providers} created,\s+0 unchanged", output)
    assert last.status == CampaignStatus.CLOSED
    assert last.due_on < clock.today()
    assert this.status == CampaignStatus.OPEN
    assert this.opens_on < clock.today() < this.due_on
    assert this.due_on - clock.today() == dt.timedelta(weeks=4)
    assert last.submissions.count() == this.submissions.count() == providers

    before = statuses(last)
    assert before[S.SUBMITTED] >= 0.85 * providers
    assert set(before) <= {S.SUBMITTED, S.IN_PROGRESS, S.NOT_STARTED}
    now = statuses(this)
    assert set(now) == set(S.values)
    assert now[S.REOPENED] == 1
    assert now[S.NOT_STARTED] + now[S.IN_PROGRESS] > now[S.SUBMITTED]

    report = NationalReport.objects.get(campaign=last)
    assert report.status == ReportStatus.PUBLISHED
    assert report.published_by is not None
    assert report.published_by.email == "admin@demo.test"
    assert report.figures["response"]["submitted"] == before[S.SUBMITTED]
    # The report counts what was signed: the demo writes the signed copy as signing does.
    signed = SignedAnswer.objects.filter(submission__campaign=last).exclude(value="").count()
    assert signed > 0
    assert (
        report.figures["overall"]["rated"]
        == signed
        - SignedAnswer.objects.filter(submission__campaign=last, value="not_applicable").count()
    )
    assert not NationalReport.objects.filter(campaign=this).exists()


def test_the_demo_contributors_trust_submitted_last_year_and_is_filling_in_this_years() -> None:
    seed()
    last, this = campaigns()
    trust = Organisation.objects.get(memberships__user__email="pp.contributor@demo.test")
    signed = Submission.objects.get(campaign=last, organisation=trust)
    assert signed.status == S.SUBMITTED
    assert signed.signatory is not None and signed.signatory.email == "pp.executive@demo.test"
    assert signed.sign_offs.get().signed_by == signed.signatory
    current = Submission.objects.get(campaign=this, organisation=trust)
    assert current.status == S.IN_PROGRESS
    total = this.framework_version.questions.count()
    assert 0 < current.answered_count < total
    assert current.answered_count == current.answers.exclude(value="").count()
    editors = set(current.answers.values_list("updated_by__email", flat=True))
    assert editors == {"pp.contributor@demo.test"}
    # Last year's answers are left for the contributor to copy in.
    assert has_previous(current)
    assert not current.answers.exclude(previous_value="").exists()


def test_answers_are_mostly_met_and_every_weak_answer_of_a_finished_one_has_an_action() -> None:
    seed()
    last, this = campaigns()
    values = Counter(
        Answer.objects.filter(submission__campaign=last).values_list("value", flat=True)
    )
    total = sum(values.values())
    assert 0.7 < values[AnswerValue.MET] / total < 0.92
    assert values[AnswerValue.PARTIALLY_MET] > values[AnswerValue.NOT_MET] > 0
    assert values[AnswerValue.NOT_APPLICABLE] > 0
    finished = Submission.objects.exclude(status__in=[S.NOT_STARTED, S.IN_PROGRESS])
    for submission in finished:
        assert submission_missing(submission) == [], submission
        assert submission.answered_count == this.framework_version.questions.count()
    weak = Answer.objects.filter(submission__in=finished, value__in=NEEDS_ACTION)
    assert weak.exists()
    for answer in weak.prefetch_related("actions"):
        (action,) = answer.actions.all()
        assert action.description and action.owner
        assert action.due_on > answer.submission.campaign.due_on
    assert Answer.objects.exclude(comment="").count() > Answer.objects.count() // 10
    # About one in eight of last year's submissions came in late; a few had an extension.
    submitted = list(last.submissions.filter(status=S.SUBMITTED))
    on_time = [s for s in submitted if s.submitted_at and s.submitted_at.date() <= s.due_on]
    assert 0.75 <= len(on_time) / len(submitted) < 1
    extended = last.submissions.exclude(extension_reason="")
    assert all(s.due_on > last.due_on for s in extended)


def test_every_sign_off_is_exactly_what_the_sign_off_service_would_have_frozen() -> None:
    seed()
    sign_offs = SignOff.objects.select_related(
        "submission__campaign__framework_version", "submission__organisation"
    )
    assert (
        sign_offs.count() == Submission.objects.filter(status__in=[S.SUBMITTED, S.REOPENED]).count()
    )
    for sign_off in sign_offs:
        assert signoff_verify(sign_off)
        assert sign_off.sha256 == content_hash(sign_off.snapshot)
        submission = sign_off.submission
        assert sign_off.signed_at == submission.submitted_at
        signed = replace_version(submission, sign_off.version)
        assert sign_off.snapshot == snapshot_of(signed)
        event = submission.events.get(kind=SubmissionEvent.Kind.SIGNED)
        assert event.comment == f"Content hash {sign_off.sha256}"
    # Tampering with a stored snapshot is caught.
    tampered = sign_offs.first()
    assert tampered is not None
    tampered.snapshot["questions"][0]["value"] = "not_met"
    assert not signoff_verify(tampered)


def replace_version(submission: Submission, version: int) -> Submission:
    submission.version = version
    return submission


def test_the_reopened_submission_keeps_its_signed_version_and_says_why() -> None:
    seed()
    _, this = campaigns()
    reopened = this.submissions.get(status=S.REOPENED)
    assert reopened.version == 2
    assert reopened.sign_offs.get().version == 1
    event = reopened.events.get(kind=SubmissionEvent.Kind.REOPENED)
    assert event.actor is not None and event.actor.email == "london.lead@demo.test"
    assert event.comment and event.version == 2
    assert reopened.organisation.region_id == Region.objects.get(code="LON").pk
    kinds = list(reopened.events.order_by("at").values_list("kind", flat=True))
    assert kinds[0] == "started" and kinds[-3:] == ["sent", "signed", "reopened"]


def test_running_it_again_changes_nothing() -> None:
    seed()
    first = contents()
    output = seed()
    assert contents() == first
    assert re.search(r"Self-assessments\s+0 created", output)


def test_a_larger_scale_afterwards_only_adds_providers_and_republishes_the_report() -> None:
    seed_demo(scale=SMALL)
    last, this = campaigns()
    old = contents()
    open_providers = Organisation.objects.filter(kind="placement_provider", status="open")
    before = open_providers.count()
    published = NationalReport.objects.get(campaign=last).published_at
    assert published is not None
    larger = replace(
        SMALL,
        name="larger",
        placement_providers={code: n + 2 for code, n in SMALL.placement_providers.items()},
    )
    report = seed_demo(scale=larger)
    tally = report.tallies["Self-assessments"]
    assert open_providers.count() > before
    assert tally.created == 2 * (open_providers.count() - before)
    assert tally.unchanged == 2 * before
    new = contents()
    # Every earlier row is still there, unchanged.
    for key in ("submissions", "answers", "sign_offs"):
        assert set(old[key]) <= set(new[key]), key
    assert new["actions"] > old["actions"] and new["events"] > old["events"]
    # The published report now counts the new providers too.
    republished = NationalReport.objects.get(campaign=last).published_at
    assert republished is not None and republished > published
    assert this.submissions.count() == open_providers.count()

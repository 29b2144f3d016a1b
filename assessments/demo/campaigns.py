"""The demo campaigns: the framework they use, last year's and this year's dates and state
mix, opening them through the campaign service, and a submission for every provider."""

from __future__ import annotations

import datetime as dt
import json

from access.roles import Role
from accounts.models import User
from assessments.campaigns.services import campaign_open
from assessments.demo.rows import CampaignYear, People, PlannedQuestion
from assessments.framework.loading import DEFAULT_FRAMEWORK_FILE, framework_load_file
from assessments.framework.services import is_frozen
from assessments.models import (
    Campaign,
    CampaignStatus,
    FrameworkVersion,
    Question,
    Submission,
)
from assessments.models import SubmissionStatus as S
from core import clock
from core.audit import acting_as
from core.demo import DemoContext

BATCH_SIZE = 2000

# The share of providers in each state, out of 100.
LAST_YEAR_MIX = ((S.SUBMITTED, 93), (S.IN_PROGRESS, 5), (S.NOT_STARTED, 2))
THIS_YEAR_MIX = (
    (S.NOT_STARTED, 30),
    (S.IN_PROGRESS, 38),
    (S.WITH_SIGNATORY, 12),
    (S.SUBMITTED, 20),
)
THIS_YEAR_DUE_IN = dt.timedelta(weeks=4)
THIS_YEAR_OPENED = dt.timedelta(weeks=5)


def campaign_years(latest: int) -> tuple[CampaignYear, CampaignYear]:
    """Last year's campaign (3 November to 30 January, closed) and this year's (opened five
    weeks ago, due in four), when the latest academic year is ``latest``."""
    today = clock.today()
    last = CampaignYear(
        latest - 1,
        dt.date(latest - 1, 11, 3),
        dt.date(latest, 1, 30),
        LAST_YEAR_MIX,
        latest=False,
    )
    this = CampaignYear(
        latest, today - THIS_YEAR_OPENED, today + THIS_YEAR_DUE_IN, THIS_YEAR_MIX, latest=True
    )
    return last, this


def framework() -> FrameworkVersion:
    """The default framework, loaded unless a campaign already uses it (it is then frozen,
    and a newer file must not stop the demo from seeding)."""
    code = json.loads(DEFAULT_FRAMEWORK_FILE.read_text(encoding="utf-8"))["code"]
    version = FrameworkVersion.objects.filter(code=code).first()
    if version is None or not is_frozen(version):
        framework_load_file(actor=None, path=DEFAULT_FRAMEWORK_FILE)
    return FrameworkVersion.objects.get(code=code)


def questions(version: FrameworkVersion) -> list[PlannedQuestion]:
    rows = (
        Question.objects.filter(version=version)
        .order_by("domain__number", "standard__number", "number")
        .values_list(
            "id",
            "ref",
            "standard__ref",
            "allow_not_applicable",
            "comment_rule",
            "text",
            "domain__number",
            "domain__title",
            "standard__title",
        )
    )
    return [PlannedQuestion(*row) for row in rows]


def people(context: DemoContext) -> People:
    """The demo personas the campaigns act as: the administrator opens and publishes, the
    London trust's contributor and executive fill in and sign its form."""
    emails = context.emails
    users = {user.email: user for user in User.objects.filter(email__in=emails.values())}
    return People(
        admin=users[emails[Role.QUALITY_ADMIN]],
        lead=users.get(emails[Role.REGIONAL_LEAD]),
        contributor=users.get(emails[Role.PP_CONTRIBUTOR]),
        executive=users.get(emails[Role.PP_EXECUTIVE]),
        trust_id=context.homes["london_trust"],
    )


def campaign(
    year: CampaignYear, version: FrameworkVersion, actor: User
) -> tuple[Campaign, set[int]]:
    """The year's campaign, opened through the campaign service (without e-mails) if there
    is none, and the providers that already had a submission in it."""
    found = Campaign.objects.filter(academic_year=year.academic_year).first()
    if found is not None:
        return found, set(found.submissions.values_list("organisation_id", flat=True))
    opened = campaign_open(
        actor=actor,
        name=year.name,
        academic_year=year.academic_year,
        framework_version=version,
        provider_types=[],
        region_ids=[],
        opens_on=year.opens_on,
        due_on=year.due_on,
        notify=False,
    )
    if not year.latest:
        with acting_as(actor, source="seed_demo"):
            opened.status = CampaignStatus.CLOSED
            opened.save(update_fields=["status", "updated_at"])
    return opened, set()


def new_submissions(
    campaign: Campaign, before: set[int], codes: dict[int, str]
) -> list[Submission]:
    """Give every planned open provider a submission (the campaign service gave one to each
    provider there was when it opened); return those that are new in this run."""
    present = set(campaign.submissions.values_list("organisation_id", flat=True))
    Submission.objects.bulk_create(
        [
            Submission(campaign=campaign, organisation_id=organisation, due_on=campaign.due_on)
            for organisation in codes
            if organisation not in present
        ],
        batch_size=BATCH_SIZE,
    )
    new = [organisation for organisation in codes if organisation not in before]
    if not new:
        return []
    submissions = campaign.submissions.filter(organisation_id__in=new).select_related(
        "campaign__framework_version", "organisation"
    )
    return sorted(submissions, key=lambda submission: codes[submission.organisation_id])

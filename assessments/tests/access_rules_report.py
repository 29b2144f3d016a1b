"""Access rules of the self-assessment pages: the national report and its public pages.

The draft report uses the 2025 campaign of the shared test data without changing it. The
public pages need a published report: the builder makes one for an earlier year of its own
(2022), with one submitted submission, so it never touches what other builders share."""

from __future__ import annotations

import datetime as dt
from typing import Any

from access.testing import EVERYONE, World
from assessments.models import (
    Answer,
    Campaign,
    FrameworkVersion,
    NationalReport,
    Question,
    ReportStatus,
    Submission,
    SubmissionStatus,
)
from assessments.report.figures import report_figures
from assessments.testing import CODE, YEAR, build_assessment, sign_as_submitted
from core import clock
from core.testing.access import Rule

FOLLOWERS = frozenset({"admin", "regional_lead"})
MANAGERS = frozenset({"admin"})
PUBLISHED_YEAR = YEAR - 3


def _campaign(world: World) -> dict[str, Any]:
    campaign = Campaign.objects.filter(academic_year=YEAR).first()
    if campaign is None:
        campaign = build_assessment(world).campaign
    return {"pk": campaign.pk}


def _published(world: World) -> dict[str, Any]:
    if NationalReport.objects.filter(
        campaign__academic_year=PUBLISHED_YEAR, status=ReportStatus.PUBLISHED
    ).exists():
        return {"year": PUBLISHED_YEAR}
    _campaign(world)  # loads the test framework
    opens = dt.date(PUBLISHED_YEAR, 9, 1)
    campaign, _ = Campaign.objects.get_or_create(
        academic_year=PUBLISHED_YEAR,
        defaults={
            "name": "Self-assessment 2022/23",
            "framework_version": FrameworkVersion.objects.get(code=CODE),
            "opens_on": opens,
            "due_on": opens + dt.timedelta(days=60),
        },
    )
    submission, created = Submission.objects.get_or_create(
        campaign=campaign,
        organisation=world.london_pp,
        defaults={
            "due_on": campaign.due_on,
            "status": SubmissionStatus.SUBMITTED,
            "submitted_at": clock.now(),
        },
    )
    if created:
        # Every kind of answer, so the charts and tables show bars and numbers.
        values = ["met", "partially_met", "not_met", "not_applicable", "met"]
        questions = Question.objects.filter(version=campaign.framework_version).order_by("ref")
        Answer.objects.bulk_create(
            Answer(submission=submission, question=question, value=value)
            for question, value in zip(questions, values, strict=False)
        )
        sign_as_submitted(submission)
    NationalReport.objects.update_or_create(
        campaign=campaign,
        defaults={
            "status": ReportStatus.PUBLISHED,
            "min_group_size": 1,
            "published_at": clock.now(),
            "figures": report_figures(campaign, min_group_size=1),
        },
    )
    return {"year": PUBLISHED_YEAR}


def _public_index(world: World) -> dict[str, Any]:
    _published(world)
    return {}


RULES = {
    "assessments:report": Rule(allowed=FOLLOWERS, kwargs=_campaign),
    "assessments:report_settings": Rule(allowed=MANAGERS, kwargs=_campaign),
    "assessments:report_publish": Rule(allowed=MANAGERS, kwargs=_campaign),
    "assessments:public_reports": Rule(allowed=EVERYONE, kwargs=_public_index),
    "assessments:public_report": Rule(allowed=EVERYONE, kwargs=_published),
    "assessments:public_report_pdf": Rule(allowed=EVERYONE, kwargs=_published, sweep=False),
    "assessments:public_report_xlsx": Rule(allowed=EVERYONE, kwargs=_published, sweep=False),
    "assessments:public_report_csv": Rule(
        allowed=EVERYONE, kwargs=lambda world: _published(world) | {"table": "domains"}, sweep=False
    ),
}

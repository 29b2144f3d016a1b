"""What the self-assessment hands up to the home pages: its entry on the public home page and
the things that wait for each person (``core.published``, ``core.waiting``; registered in
apps.py)."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from django.db.models import Exists, OuterRef, QuerySet
from django.urls import reverse

from access.roles import Role
from access.scope import scope_for
from assessments.models import (
    EDITABLE,
    CampaignStatus,
    NationalReport,
    ReportStatus,
    ReviewNote,
    Submission,
    SubmissionStatus,
)
from core.published import PublishedEntry, latest_line
from core.waiting import Waiting, WaitingSource

if TYPE_CHECKING:
    from accounts.models import Viewer


def latest_published() -> str | None:
    """ "Latest: 2025/26, published 3 March 2026", or None before any report is published."""
    report = (
        NationalReport.objects.filter(status=ReportStatus.PUBLISHED)
        .order_by("-campaign__academic_year")
        .values_list("campaign__academic_year", "published_at")
        .first()
    )
    if report is None:
        return None
    year, published_at = report
    return latest_line(year, published_at)


PUBLIC_ENTRY = PublishedEntry(
    "Placement provider self-assessment: national reports",
    "assessments:public_reports",
    "How NHS trusts and other placement providers in England rated the education they give "
    "against the quality framework, with the response rate behind each year's figures.",
    order=20,
    latest=latest_published,
)


def _link(submissions: Counter[int], one: str, many: str) -> str:
    """The one submission's page (URL name ``one``), else the page listing them."""
    if len(submissions) == 1:
        return reverse(one, args=[next(iter(submissions))])
    return many


def _open(organisations: frozenset[int]) -> QuerySet[Submission]:
    return Submission.objects.filter(
        organisation_id__in=organisations, campaign__status=CampaignStatus.OPEN
    )


def _for_providers(user: Viewer) -> list[Waiting]:
    """Contributors: self-assessments to complete and questions to answer; executives:
    self-assessments to sign."""
    scope = scope_for(user)
    index = reverse("assessments:index")
    items = []
    if contributes := scope.organisations_where(Role.PP_CONTRIBUTOR):
        to_complete = Counter(
            _open(contributes).filter(status__in=EDITABLE).values_list("pk", flat=True)
        )
        questions = Counter(
            ReviewNote.objects.filter(
                answer__submission__organisation_id__in=contributes,
                kind=ReviewNote.Kind.CLARIFICATION,
                status=ReviewNote.Status.OPEN,
            ).values_list("answer__submission_id", flat=True)
        )
        items += [
            Waiting(
                to_complete.total(),
                "self-assessment to complete",
                "self-assessments to complete",
                _link(to_complete, "assessments:submission", index),
            ),
            Waiting(
                questions.total(),
                "question from the quality team to answer",
                "questions from the quality team to answer",
                _link(questions, "assessments:clarifications", index),
            ),
        ]
    if signs := scope.organisations_where(Role.PP_EXECUTIVE):
        to_sign = Counter(
            _open(signs).filter(status=SubmissionStatus.WITH_SIGNATORY).values_list("pk", flat=True)
        )
        items.append(
            Waiting(
                to_sign.total(),
                "self-assessment to sign off",
                "self-assessments to sign off",
                _link(to_sign, "assessments:sign", index),
            )
        )
    return items


def _for_reviewers(user: Viewer) -> list[Waiting]:
    """Quality administrators and regional leads: submitted self-assessments nobody has
    noted anything on yet, and providers' answers to their questions."""
    scope = scope_for(user)
    submissions = Submission.objects.filter(campaign__status=CampaignStatus.OPEN)
    notes = ReviewNote.objects.filter(status=ReviewNote.Status.ANSWERED)
    if not scope.is_national:
        regions = scope.regions_where(Role.REGIONAL_LEAD)
        submissions = submissions.filter(organisation__region_id__in=regions)
        notes = notes.filter(answer__submission__organisation__region_id__in=regions)
    noted = ReviewNote.objects.filter(answer__submission=OuterRef("pk"))
    to_review = Counter(
        submissions.filter(status=SubmissionStatus.SUBMITTED)
        .filter(~Exists(noted))
        .values_list("pk", flat=True)
    )
    answered = Counter(notes.values_list("answer__submission_id", flat=True))
    review_list = reverse("assessments:review_list")
    return [
        Waiting(
            to_review.total(),
            "submitted self-assessment to review",
            "submitted self-assessments to review",
            _link(to_review, "assessments:review", f"{review_list}?status=submitted"),
            "Signed off, with no review note yet.",
        ),
        Waiting(
            answered.total(),
            "provider's answer to read",
            "providers' answers to read",
            _link(answered, "assessments:review", review_list),
            "Close the question once the answer is enough.",
        ),
    ]


def waiting(user: Viewer) -> list[Waiting]:
    scope = scope_for(user)
    items = _for_providers(user)
    if scope.is_national or scope.regions_where(Role.REGIONAL_LEAD):
        items += _for_reviewers(user)
    return items


WAITING = WaitingSource("Self-assessment", waiting, order=40)

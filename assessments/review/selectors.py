"""Reads for sign-off and review, narrowed to what the user may see."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db.models import Count, Prefetch, QuerySet
from django.http import Http404

from access.scope import scope_for
from assessments.models import (
    Answer,
    Campaign,
    Question,
    ReviewNote,
    Submission,
)
from assessments.selectors import lead_region_ids, submissions_visible_to

if TYPE_CHECKING:
    from django.forms import Form

    from accounts.models import Viewer


def submissions_for_review(
    user: Viewer, *, campaign: Campaign | None = None, status: str = ""
) -> QuerySet[Submission]:
    """Submissions in the user's regions (every region for administrators)."""
    submissions = Submission.objects.select_related("campaign", "organisation__region")
    if not scope_for(user).is_national:
        submissions = submissions.filter(organisation__region_id__in=lead_region_ids(user))
    if campaign is not None:
        submissions = submissions.filter(campaign=campaign)
    if status:
        submissions = submissions.filter(status=status)
    return submissions.order_by("-campaign__academic_year", "organisation__name", "pk")


def open_note_counts(submission_ids: list[int]) -> dict[int, int]:
    """How many notes are not yet closed on each of these submissions (one query, for one
    page of a list: counting inside the list's own query would join every answer)."""
    rows = (
        ReviewNote.objects.filter(answer__submission_id__in=submission_ids)
        .exclude(status=ReviewNote.Status.CLOSED)
        .values("answer__submission_id")
        .annotate(count=Count("pk"))
    )
    return {row["answer__submission_id"]: row["count"] for row in rows}


@dataclass
class QuestionRow:
    """One question of the framework with the submission's answer to it, if any."""

    question: Question
    answer: Answer | None
    notes: list[ReviewNote] = field(default_factory=list)
    form: Form | None = None


def answer_rows(submission: Submission) -> list[QuestionRow]:
    """Every question with its answer, actions, evidence and review notes (five queries)."""
    questions = (
        Question.objects.filter(version_id=submission.campaign.framework_version_id)
        .select_related("standard", "domain")
        .order_by("domain__number", "standard__number", "number")
    )
    notes = ReviewNote.objects.select_related("raised_by", "responded_by").order_by(
        "raised_at", "pk"
    )
    answers = {
        answer.question_id: answer
        for answer in Answer.objects.filter(submission=submission).prefetch_related(
            "actions", "evidence", Prefetch("review_notes", queryset=notes)
        )
    }
    rows = []
    for question in questions:
        answer = answers.get(question.pk)
        rows.append(
            QuestionRow(question, answer, list(answer.review_notes.all()) if answer else [])
        )
    return rows


def clarifications(submission: Submission, *, open_only: bool = False) -> list[ReviewNote]:
    """Requests for clarification on the submission's answers, oldest first."""
    notes = ReviewNote.objects.filter(
        answer__submission=submission, kind=ReviewNote.Kind.CLARIFICATION
    ).select_related("answer__question", "raised_by", "responded_by")
    if open_only:
        notes = notes.filter(status=ReviewNote.Status.OPEN)
    return list(notes.order_by("raised_at", "pk"))


def note_get(user: Viewer, pk: int) -> ReviewNote:
    """A review note on a submission the user may see, or "not found"."""
    note = (
        ReviewNote.objects.select_related("answer__question", "answer__submission__organisation")
        .filter(answer__submission__in=submissions_visible_to(user).values("pk"), pk=pk)
        .first()
    )
    if note is None:
        raise Http404("Page not found")
    return note

"""Reads for the form pages, each a fixed number of queries however many questions there are."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404

from assessments.models import (
    Action,
    Answer,
    Domain,
    DomainAssignment,
    Evidence,
    Question,
    Submission,
)
from assessments.selectors import submissions_visible_to

if TYPE_CHECKING:
    from accounts.models import Viewer


def submission_get(user: Viewer, pk: int) -> Submission:
    return get_object_or_404(
        submissions_visible_to(user).select_related("campaign__framework_version"), pk=pk
    )


@dataclass
class DomainProgress:
    """One row of the submission's task list."""

    domain: Domain
    total: int
    answered: int
    assignees: list[str] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return self.total > 0 and self.answered == self.total


def domain_progress(submission: Submission) -> list[DomainProgress]:
    """Answered of total per domain, and who is asked to answer it: three queries."""
    domains = Domain.objects.filter(version_id=submission.campaign.framework_version_id).annotate(
        total=Count("questions")
    )
    answered = dict(
        Answer.objects.filter(submission=submission)
        .exclude(value="")
        .values_list("question__domain_id")
        .annotate(n=Count("pk"))
        .values_list("question__domain_id", "n")
    )
    assignees: dict[int, list[str]] = defaultdict(list)
    for assignment in (
        DomainAssignment.objects.filter(submission=submission)
        .select_related("user")
        .order_by("user__full_name")
    ):
        assignees[assignment.domain_id].append(assignment.user.full_name or assignment.user.email)
    return [
        DomainProgress(
            domain=domain,
            total=domain.total,
            answered=answered.get(domain.pk, 0),
            assignees=assignees.get(domain.pk, []),
        )
        for domain in domains.order_by("number")
    ]


@dataclass
class QuestionRow:
    """A question on a domain page with its answer (blank if none yet), actions and evidence."""

    question: Question
    answer: Answer
    actions: list[Action]
    evidence: list[Evidence]


def domain_get(submission: Submission, number: int) -> Domain:
    try:
        return Domain.objects.get(
            version_id=submission.campaign.framework_version_id, number=number
        )
    except Domain.DoesNotExist:
        raise Http404("No such domain") from None


def domain_rows(submission: Submission, domain: Domain) -> list[QuestionRow]:
    """Every question of the domain with what has been given so far: four queries."""
    questions = list(
        Question.objects.filter(domain=domain)
        .select_related("standard__domain")
        .order_by("standard__number", "number")
    )
    answers = {
        answer.question_id: answer
        for answer in Answer.objects.filter(
            submission=submission, question__domain=domain
        ).select_related("updated_by")
    }
    # Actions and evidence are read whether or not there are answers yet, so the page makes
    # the same queries however full it is.
    actions: dict[int, list[Action]] = defaultdict(list)
    for action in Action.objects.filter(
        answer__submission=submission, answer__question__domain=domain
    ).order_by("due_on", "pk"):
        actions[action.answer_id].append(action)
    evidence: dict[int, list[Evidence]] = defaultdict(list)
    for item in (
        Evidence.objects.filter(answer__submission=submission, answer__question__domain=domain)
        .only("pk", "answer_id", "original_name", "size", "uploaded_at")
        .order_by("uploaded_at", "pk")
    ):
        evidence[item.answer_id].append(item)
    rows = []
    for question in questions:
        answer = answers.get(question.pk) or Answer(
            submission=submission, question=question, revision=0
        )
        rows.append(
            QuestionRow(
                question=question,
                answer=answer,
                actions=actions.get(answer.pk, []) if answer.pk else [],
                evidence=evidence.get(answer.pk, []) if answer.pk else [],
            )
        )
    return rows


def domain_neighbours(submission: Submission, domain: Domain) -> tuple[int | None, int | None]:
    numbers = list(
        Domain.objects.filter(version_id=submission.campaign.framework_version_id)
        .order_by("number")
        .values_list("number", flat=True)
    )
    index = numbers.index(domain.number)
    before = numbers[index - 1] if index > 0 else None
    after = numbers[index + 1] if index + 1 < len(numbers) else None
    return before, after


def question_get(submission: Submission, pk: int) -> Question:
    return get_object_or_404(
        Question.objects.select_related("standard__domain", "domain"),
        pk=pk,
        version_id=submission.campaign.framework_version_id,
    )


def action_get(submission: Submission, pk: int) -> Action:
    return get_object_or_404(
        Action.objects.select_related(
            "answer__question__standard__domain", "answer__question__domain"
        ),
        pk=pk,
        answer__submission=submission,
    )


def evidence_for(user: Viewer, pk: int) -> Evidence:
    """An evidence file of a submission the user may see, else "not found"."""
    return get_object_or_404(
        Evidence.objects.select_related(
            "answer__question__standard__domain", "answer__question__domain"
        ),
        pk=pk,
        answer__submission__in=submissions_visible_to(user).values("pk"),
    )

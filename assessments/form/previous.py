"""Last year's answers: copied into this year's blank answers and kept beside every matched
one, so changes can be highlighted."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q

from assessments.form.services import check_can_edit, mark_started
from assessments.models import Answer, Question, Submission, SubmissionEvent
from core.audit import acting_as

if TYPE_CHECKING:
    from accounts.models import User


def previous_submission(submission: Submission) -> Submission | None:
    """The provider's submission in the latest earlier campaign, if there is one."""
    return (
        Submission.objects.filter(
            organisation_id=submission.organisation_id,
            campaign__academic_year__lt=submission.campaign.academic_year,
        )
        .select_related("campaign")
        .order_by("-campaign__academic_year")
        .first()
    )


def answers_copy_previous(*, actor: User | None, submission: Submission) -> int:
    """Copy last year's answers into this year's blank answers (through ``Question.previous``
    when the framework changed) and remember last year's answer beside every matched one, so
    changes can be highlighted. Returns how many answers were filled in."""
    check_can_edit(actor, submission)
    source = previous_submission(submission)
    if source is None:
        raise ValidationError(
            f"{submission.organisation.name} has no earlier self-assessment to copy from."
        )
    same_version = source.campaign.framework_version_id == submission.campaign.framework_version_id
    questions = Question.objects.filter(version_id=submission.campaign.framework_version_id)
    source_of: dict[int, int] = {}
    for q in questions:
        earlier = q.pk if same_version else q.previous_id
        if earlier is not None:
            source_of[q.pk] = earlier
    old = {
        a.question_id: a
        for a in Answer.objects.filter(submission=source, question_id__in=source_of.values())
        if a.value
    }
    current = {a.question_id: a for a in Answer.objects.filter(submission=submission)}
    filled = 0
    with transaction.atomic(), acting_as(actor, source=f"copied from {source.campaign.year_label}"):
        for question_id, old_question_id in source_of.items():
            before = old.get(old_question_id) if old_question_id else None
            if before is None:
                continue
            answer = current.get(question_id) or Answer(
                submission=submission, question_id=question_id
            )
            answer.previous_value, answer.previous_comment = before.value, before.comment
            if not answer.value and not answer.comment:
                answer.value, answer.comment = before.value, before.comment
                answer.revision += 1
                answer.updated_by = actor
                filled += 1
            answer.save()
        count = Answer.objects.filter(submission=submission).exclude(value="").count()
        Submission.objects.filter(pk=submission.pk).update(answered_count=count)
        submission.answered_count = count
        if filled:
            mark_started(actor, submission)
        SubmissionEvent.objects.create(
            submission=submission,
            kind=SubmissionEvent.Kind.COPIED,
            actor=actor,
            comment=f"{filled} answers copied from {source.campaign.year_label}",
            version=submission.version,
        )
    return filled


def has_previous(submission: Submission) -> bool:
    return Submission.objects.filter(
        Q(organisation_id=submission.organisation_id)
        & Q(campaign__academic_year__lt=submission.campaign.academic_year)
    ).exists()

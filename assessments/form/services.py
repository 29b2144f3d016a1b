"""Answering a self-assessment: answers and their actions. Evidence files (``evidence``),
domain assignments (``assignments``), last year's answers (``previous``) and what is still
missing before sign-off (``missing``) have their own modules.

Only contributors of the provider change answers, and only while the submission is
editable; everything else is refused with a ``ValidationError`` that says why. Two people
saving the same answer are kept apart by ``Answer.revision``: a save that names a stale
revision raises ``AnswerConflict`` carrying both versions, and nothing is written.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, cast

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F

from assessments.models import (
    Action,
    Answer,
    Question,
    Submission,
    SubmissionEvent,
    SubmissionStatus,
)
from assessments.permissions import contributes_to
from assessments.workflow import SUBMISSION_WORKFLOW
from core import clock
from core.actions import check_action
from core.audit import acting_as
from core.text import clean_text

if TYPE_CHECKING:
    from accounts.models import User

COMMENT_MAX_CHARS = 10_000
ACTION_TEXT_MAX_CHARS = 2_000


def question_label(question: Question) -> str:
    """How people refer to a question: its standard's number and its own, e.g. 1.2 (1)."""
    return f"{question.standard.label} ({question.number})"


class AnswerConflict(Exception):
    """Someone else saved the answer since this person loaded it; both versions are kept."""

    def __init__(self, *, answer: Answer, value: str, comment: str) -> None:
        self.answer = answer
        self.mine = {"value": value, "comment": comment}
        self.theirs = {
            "value": answer.value,
            "comment": answer.comment,
            "revision": answer.revision,
            "updated_by": answer.updated_by.full_name if answer.updated_by else "",
            "updated_at": answer.updated_at.isoformat() if answer.updated_at else "",
        }
        who = self.theirs["updated_by"] or "Someone else"
        super().__init__(
            f"{who} changed this answer after you opened the page. Your version has not been "
            "saved: compare the two, then save the one to keep."
        )


def check_can_edit(actor: User | None, submission: Submission) -> None:
    """Refuse anyone but the provider's contributors, and any change once it has gone on."""
    if actor is None or not contributes_to(actor, submission):
        raise ValidationError(
            f"Only contributors of {submission.organisation.name} can change its answers."
        )
    if not submission.is_editable:
        raise ValidationError(
            f"This self-assessment is {submission.get_status_display().lower()}: its answers "
            "can no longer be changed."
        )


def check_question(submission: Submission, question: Question) -> None:
    if question.version_id != submission.campaign.framework_version_id:
        raise ValidationError(f"Question {question.ref} is not part of this self-assessment.")


def mark_started(actor: User | None, submission: Submission) -> None:
    """The first answer moves a submission from not started to in progress. A step of the
    answer services, called after their ``check_can_edit``: it checks nothing itself."""
    if submission.status != SubmissionStatus.NOT_STARTED:
        return
    try:
        with SUBMISSION_WORKFLOW.move(submission, "start", actor=actor) as move:
            move.obj.started_at = clock.now()
            move.save("started_at", "updated_at")
            SubmissionEvent.objects.create(
                submission=move.obj,
                kind=SubmissionEvent.Kind.STARTED,
                actor=actor,
                version=move.obj.version,
            )
    except ValidationError:
        # Someone else's first answer started it meanwhile: nothing more to record.
        submission.refresh_from_db(fields=["status", "started_at"])


def _cleaned(question: Question, value: str, comment: str) -> tuple[str, str]:
    """The answer and comment as they will be stored, or a refusal saying what is wrong."""
    value = (value or "").strip()
    comment = (comment or "").strip()
    if value and value not in question.allowed_values():
        allowed = ", ".join(str(v.label).lower() for v in question.allowed_values())
        label = question_label(question)
        raise ValidationError(
            {"value": f"Choose one of {allowed} for question {label}"}, code="invalid_choice"
        )
    comment = clean_text(
        comment,
        field="comment",
        what=f"the comment on question {question_label(question)}",
        limit=COMMENT_MAX_CHARS,
        required=False,
    )
    return value, comment


def _locked_answer(submission: Submission, question: Question, revision: int) -> Answer:
    """The answer, locked for the change, or a new blank one when it is the first save."""
    answer = (
        Answer.objects.select_for_update(of=("self",))
        # The audit entry names the related records; read them in this one query.
        .select_related(
            "updated_by", "question", "submission__organisation", "submission__campaign"
        )
        .filter(submission=submission, question=question)
        .first()
    )
    if answer is None:
        if revision != 0:
            raise ValidationError("This answer no longer exists; reload the page.")
        answer = Answer(submission=submission, question=question)
    return answer


def _store(answer: Answer, value: str, comment: str) -> None:
    """Save the answer; a concurrent first save of the same answer is a conflict."""
    try:
        if answer.pk is None:
            with transaction.atomic():  # a savepoint only when inserting
                answer.save()
        else:
            answer.save()
    except IntegrityError:
        # Someone created this answer between our read and our insert.
        theirs = Answer.objects.select_related("updated_by").get(
            submission=answer.submission, question=answer.question
        )
        raise AnswerConflict(answer=theirs, value=value, comment=comment) from None


def answer_save(
    *,
    actor: User | None,
    submission: Submission,
    question: Question,
    value: str,
    comment: str,
    revision: int,
) -> Answer:
    """Save one answer if ``revision`` is still its current revision; the revision goes up."""
    check_can_edit(actor, submission)
    check_question(submission, question)
    value, comment = _cleaned(question, value, comment)
    with transaction.atomic(), acting_as(actor):
        answer = _locked_answer(submission, question, revision)
        if answer.value == value and answer.comment == comment:
            return answer  # nothing changed: not a conflict, nothing to write
        if answer.revision != revision:
            raise AnswerConflict(answer=answer, value=value, comment=comment)
        was_answered = bool(answer.value)
        answer.value = value
        answer.comment = comment
        answer.revision += 1
        answer.updated_by = actor
        _store(answer, value, comment)
        change = int(bool(value)) - int(was_answered)
        if change:
            Submission.objects.filter(pk=submission.pk).update(
                answered_count=F("answered_count") + change
            )
            submission.answered_count += change
        mark_started(actor, submission)
    return answer


# Actions.
@dataclass(frozen=True)
class ActionInput:
    """What a contributor enters for an action."""

    description: str
    owner: str
    due_on: dt.date | None


def clean_action(data: ActionInput, *, unchanged_due: dt.date | None = None) -> ActionInput:
    description, owner, errors = check_action(
        data.description,
        data.owner,
        data.due_on,
        description_limit=ACTION_TEXT_MAX_CHARS,
        unchanged_due=unchanged_due,
    )
    if errors:
        raise ValidationError(errors)
    return ActionInput(description, owner, data.due_on)


def answer_for(actor: User | None, submission: Submission, question: Question) -> Answer:
    """The question's answer, created blank when actions or evidence come before it. A step
    of the action and evidence services, called after their ``check_can_edit``."""
    answer, _ = Answer.objects.get_or_create(
        submission=submission, question=question, defaults={"updated_by": actor}
    )
    return answer


def action_add(
    *, actor: User | None, submission: Submission, question: Question, data: ActionInput
) -> Action:
    check_can_edit(actor, submission)
    check_question(submission, question)
    data = clean_action(data)
    with transaction.atomic(), acting_as(actor):
        answer = answer_for(actor, submission, question)
        return Action.objects.create(
            answer=answer,
            description=data.description,
            owner=data.owner,
            due_on=cast(dt.date, data.due_on),
            created_by=actor,
        )


def action_update(*, actor: User | None, action: Action, data: ActionInput) -> Action:
    check_can_edit(actor, action.answer.submission)
    data = clean_action(data, unchanged_due=action.due_on)
    with transaction.atomic(), acting_as(actor):
        action.description, action.owner = data.description, data.owner
        action.due_on = cast(dt.date, data.due_on)  # clean_action refused a missing date
        action.save()
    return action


def action_remove(*, actor: User | None, action: Action) -> None:
    check_can_edit(actor, action.answer.submission)
    with transaction.atomic(), acting_as(actor):
        action.delete()

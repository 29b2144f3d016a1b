"""Self-assessment items in the quality register: the actions on a signed "not met" or
"partially met" answer become improvement actions, and a regional lead's review concern
becomes a concern; each links back to where it was written."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.urls import reverse

from assessments.models import NEEDS_ACTION, Action, ReviewNote, Submission
from register.models import ItemKind
from register.services import ItemDraft, due_for, item_open
from register.sources import Source, SourceRef

if TYPE_CHECKING:
    from accounts.models import User

ACTION = "assessments.action"
CONCERN = "assessments.review_concern"


def _action_link(action_id: int) -> str | None:
    found = Action.objects.filter(pk=action_id).values_list("answer__submission_id", flat=True)
    submission_id = found.first()
    return reverse("assessments:submission", args=[submission_id]) if submission_id else None


def _concern_link(note_id: int) -> str | None:
    found = ReviewNote.objects.filter(pk=note_id).values_list("answer__submission_id", flat=True)
    submission_id = found.first()
    return reverse("assessments:review", args=[submission_id]) if submission_id else None


SOURCES = (
    Source(ACTION, "Self-assessment action", _action_link),
    Source(CONCERN, "Self-assessment review concern", _concern_link),
)


def signed_actions_to_register(actor: User | None, submission: Submission) -> None:
    """Every action on the signed answers that need one, as an improvement action owned by
    the provider (an action already in the register is left as it is)."""
    actions = Action.objects.filter(
        answer__submission=submission, answer__value__in=NEEDS_ACTION
    ).select_related("answer__question__standard")
    for action in actions:
        answer = action.answer
        ref = answer.question.ref
        item_open(
            actor=actor,
            draft=ItemDraft(
                organisation=submission.organisation,
                kind=ItemKind.IMPROVEMENT_ACTION,
                standard=answer.question.standard.ref,
                action=action.description,
                owner_name=action.owner,
                due_on=action.due_on,
                source=SourceRef(
                    ACTION,
                    action.pk,
                    f"{submission.campaign.name}, {ref}: {answer.get_value_display().lower()}",
                ),
            ),
        )


def concern_to_register(actor: User | None, note: ReviewNote) -> None:
    """A regional lead's concern about an answer, as a concern the provider must answer."""
    answer = note.answer
    submission = answer.submission
    item_open(
        actor=actor,
        draft=ItemDraft(
            organisation=submission.organisation,
            kind=ItemKind.CONCERN,
            standard=answer.question.standard.ref,
            action=note.note,
            due_on=due_for(ItemKind.CONCERN),
            source=SourceRef(
                CONCERN, note.pk, f"{submission.campaign.name}, review of {answer.question.ref}"
            ),
        ),
    )

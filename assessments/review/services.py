"""Regional review: notes on answers (flag, clarification, concern), responses and closing.

Notes may be added to an answer in any state of its submission: a lead can raise a question
while the provider is still filling the form in, as well as after it is submitted. Notes are
never part of the signed snapshot, so they do not change what an executive signs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from assessments.emails import contributors_of, mail, submission_link
from assessments.models import Answer, ReviewNote, SubmissionEvent
from assessments.permissions import contributes_to, reviews
from assessments.register_items import concern_to_register
from core import clock
from core.audit import acting_as
from core.text import clean_text

if TYPE_CHECKING:
    from accounts.models import User


def note_add(*, actor: User | None, answer: Answer, kind: str, note: str) -> ReviewNote:
    """A quality administrator or the region's lead notes something about one answer. A
    clarification request e-mails the provider's contributors and joins the history."""
    submission = answer.submission
    if actor is None or not reviews(actor, submission):
        raise PermissionDenied(
            "Only quality administrators and the region's quality leads can review this "
            "self-assessment"
        )
    if kind not in ReviewNote.Kind.values:
        raise ValidationError({"kind": "Choose a flag, a request for clarification or a concern"})
    ref = answer.question.ref
    note = clean_text(note, field="note", what=f"your note on {ref}")
    with transaction.atomic(), acting_as(actor, review=kind, question=ref):
        created = ReviewNote.objects.create(answer=answer, kind=kind, note=note, raised_by=actor)
        if kind == ReviewNote.Kind.CONCERN:
            concern_to_register(actor, created)
        if kind == ReviewNote.Kind.CLARIFICATION:
            SubmissionEvent.objects.create(
                submission=submission,
                kind=SubmissionEvent.Kind.CLARIFICATION,
                actor=actor,
                comment=f"{ref}: {note}",
                version=submission.version,
            )
            mail(
                contributors_of(submission.organisation_id),
                "review_clarification",
                f"A question about {submission.organisation.name}'s self-assessment",
                {
                    "submission": submission,
                    "ref": ref,
                    "question": answer.question.text,
                    "note": note,
                    "raiser": actor,
                    "link": submission_link("clarifications", submission),
                },
            )
    return created


def note_respond(*, actor: User | None, note: ReviewNote, response: str) -> ReviewNote:
    """A contributor answers an open request for clarification; whoever asked hears of it."""
    submission = note.answer.submission
    if actor is None or not contributes_to(actor, submission):
        raise PermissionDenied(
            f"Only contributors of {submission.organisation.name} can answer questions about "
            "its self-assessment"
        )
    ref = note.answer.question.ref
    response = clean_text(response, field="response", what=f"your answer to the question on {ref}")
    with transaction.atomic():
        locked = ReviewNote.objects.select_for_update().get(pk=note.pk)
        if locked.kind != ReviewNote.Kind.CLARIFICATION:
            raise ValidationError({"response": f"The note on {ref} asks for no answer"})
        if locked.status != ReviewNote.Status.OPEN:
            raise ValidationError(
                {"response": f"The question on {ref} is {locked.get_status_display().lower()}"}
            )
        locked.response = response
        locked.status = ReviewNote.Status.ANSWERED
        locked.responded_by = actor
        locked.responded_at = clock.now()
        with acting_as(actor, review="respond", question=ref):
            locked.save(update_fields=["response", "status", "responded_by", "responded_at"])
        if locked.raised_by is not None and locked.raised_by.is_active:
            mail(
                [locked.raised_by],
                "review_answered",
                f"{submission.organisation.name} answered your question on {ref}",
                {
                    "submission": submission,
                    "ref": ref,
                    "note": locked.note,
                    "response": response,
                    "responder": actor,
                    "link": submission_link("review", submission),
                },
            )
    note.refresh_from_db()
    return locked


def note_close(*, actor: User | None, note: ReviewNote) -> ReviewNote:
    """The quality team closes a note once it is dealt with."""
    submission = note.answer.submission
    if actor is None or not reviews(actor, submission):
        raise PermissionDenied(
            "Only quality administrators and the region's quality leads can close review notes"
        )
    with transaction.atomic():
        locked = ReviewNote.objects.select_for_update().get(pk=note.pk)
        if locked.status == ReviewNote.Status.CLOSED:
            raise ValidationError({"note": "This note is already closed"})
        locked.status = ReviewNote.Status.CLOSED
        with acting_as(actor, review="close", question=note.answer.question.ref):
            locked.save(update_fields=["status"])
    note.refresh_from_db()
    return locked

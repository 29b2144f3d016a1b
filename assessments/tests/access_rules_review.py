"""Access rules of the regional review pages; they use the signed 2043 submissions of the
sign-off rules, with one open request for clarification on the first answer."""

from __future__ import annotations

from typing import Any

from access.testing import World
from assessments.models import Answer, ReviewNote
from assessments.tests.access_rules_signoff import READERS, REVIEWERS, submitted
from core.testing.access import Rule


def open_clarification(world: World, region: str = "london") -> ReviewNote:
    submission = submitted(world, region)
    answer = Answer.objects.filter(submission=submission).order_by("question__ref").first()
    assert answer is not None
    note = ReviewNote.objects.filter(answer=answer, kind=ReviewNote.Kind.CLARIFICATION).first()
    if note is None:
        note = ReviewNote.objects.create(
            answer=answer,
            kind=ReviewNote.Kind.CLARIFICATION,
            note="How do learners on nights raise concerns?",
            raised_by=world.user("regional_lead"),
        )
    return note


def _submission(region: str = "london") -> Any:
    return lambda w: {"pk": open_clarification(w, region).answer.submission_id}


def _note(region: str = "london") -> Any:
    def build(world: World) -> dict[str, Any]:
        note = open_clarification(world, region)
        # Closing it is what the allowed personas do; reopen it for the next one.
        ReviewNote.objects.filter(pk=note.pk).update(status=ReviewNote.Status.OPEN)
        return {"pk": note.pk}

    return build


RULES = {
    "assessments:review_list": Rule(allowed=REVIEWERS),
    "assessments:review": Rule(
        allowed=REVIEWERS, kwargs=_submission(), foreign=_submission("midlands")
    ),
    "assessments:review_note_close": Rule(
        allowed=REVIEWERS,
        method="POST",
        ok_status=302,
        sweep=False,
        kwargs=_note(),
        foreign=_note("midlands"),
    ),
    "assessments:clarifications": Rule(
        allowed=READERS, kwargs=_submission(), foreign=_submission("midlands")
    ),
}

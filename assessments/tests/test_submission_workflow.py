"""A submission's steps run on the workflow engine: each is guarded, refused in the words
users saw before, and recorded in the audit trail, which is the submission's history."""

from __future__ import annotations

from typing import Any

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError

from assessments.form.services import answer_save, mark_started
from assessments.models import SignOff, Submission, SubmissionEvent, SubmissionStatus
from assessments.signoff.services import (
    DECLARATION,
    submission_reopen,
    submission_return,
    submission_send,
    submission_sign_off,
)
from assessments.testing import answer_all
from assessments.workflow import SUBMISSION_WORKFLOW
from core.workflow import history

S = SubmissionStatus


def _send(assessment: Any) -> Submission:
    return submission_send(
        actor=assessment.world.user("pp_contributor"),
        submission=assessment.london,
        signatory=assessment.world.user("pp_executive"),
    )


def _sign(assessment: Any) -> SignOff:
    return submission_sign_off(
        actor=assessment.world.user("pp_executive"),
        submission=assessment.london,
        declaration=DECLARATION,
    )


def test_every_step_is_in_the_history_with_its_states_reason_and_actor(assessment: Any) -> None:
    world = assessment.world
    london = assessment.london
    question = assessment.questions[0]
    answer_save(
        actor=world.user("pp_contributor"),
        submission=london,
        question=question,
        value="met",
        comment="",
        revision=0,
    )
    answer_all(london)
    _send(assessment)
    submission_return(actor=world.user("pp_executive"), submission=london, comment="More")
    _send(assessment)
    sign_off = _sign(assessment)
    submission_reopen(actor=world.user("admin"), submission=london, reason="Contradicts the visit")

    steps = [
        (
            entry.additional_data["transition"],
            entry.additional_data["from"],
            entry.additional_data["to"],
            entry.additional_data["reason"],
            entry.actor,
        )
        for entry in history(london)
    ]
    contributor, executive = world.user("pp_contributor"), world.user("pp_executive")
    assert steps == [
        ("start", S.NOT_STARTED, S.IN_PROGRESS, "", contributor),
        ("send", S.IN_PROGRESS, S.WITH_SIGNATORY, "", contributor),
        ("return", S.WITH_SIGNATORY, S.IN_PROGRESS, "More", executive),
        ("send", S.IN_PROGRESS, S.WITH_SIGNATORY, "", contributor),
        ("sign", S.WITH_SIGNATORY, S.SUBMITTED, "", executive),
        ("reopen", S.SUBMITTED, S.REOPENED, "Contradicts the visit", world.user("admin")),
    ]
    signed = history(london)[4]
    assert signed.additional_data["sha256"] == sign_off.sha256
    assert set(signed.changes) == {"status", "submitted_at"}
    # The sign-off itself is recorded under the same step, with its hash.
    created = LogEntry.objects.get_for_object(sign_off).get()
    assert created.additional_data == {"transition": "sign", "sha256": sign_off.sha256}
    assert created.actor == executive


def test_the_declared_steps_leave_the_states_they_did(assessment: Any) -> None:
    def steps(status: str) -> list[str]:
        return [t.name for t in SUBMISSION_WORKFLOW.available(Submission(status=status))]

    assert steps(S.NOT_STARTED) == ["start", "send"]
    assert steps(S.IN_PROGRESS) == ["send"]
    assert steps(S.REOPENED) == ["send"]
    assert steps(S.WITH_SIGNATORY) == ["sign", "return"]
    assert steps(S.SUBMITTED) == ["reopen"]


@pytest.mark.parametrize(
    ("status", "step", "message"),
    [
        (
            S.SUBMITTED,
            "send",
            "The self-assessment is submitted: it can only be sent for sign-off while it is "
            "being filled in",
        ),
        (
            S.IN_PROGRESS,
            "sign",
            "The self-assessment is in progress: only one sent to the signatory can be signed off",
        ),
        (
            S.REOPENED,
            "return",
            "The self-assessment is reopened: only one sent to the signatory can be returned",
        ),
        (
            S.WITH_SIGNATORY,
            "reopen",
            "The self-assessment is with signatory: only a submitted one can be reopened",
        ),
    ],
)
def test_a_step_from_the_wrong_status_is_refused_in_the_same_words(
    assessment: Any, status: str, step: str, message: str
) -> None:
    Submission.objects.filter(pk=assessment.london.pk).update(status=status)
    assessment.london.refresh_from_db()
    world = assessment.world
    calls = {
        "send": lambda: _send(assessment),
        "sign": lambda: _sign(assessment),
        "return": lambda: submission_return(
            actor=world.user("pp_executive"), submission=assessment.london, comment="x"
        ),
        "reopen": lambda: submission_reopen(
            actor=world.user("admin"), submission=assessment.london, reason="x"
        ),
    }
    with pytest.raises(ValidationError) as refused:
        calls[step]()
    assert refused.value.messages == [message]
    assessment.london.refresh_from_db()
    assert assessment.london.status == status
    assert not SubmissionEvent.objects.exists()


def test_a_start_someone_else_made_meanwhile_is_not_made_twice(assessment: Any) -> None:
    stale = Submission.objects.get(pk=assessment.london.pk)
    mark_started(assessment.world.user("pp_contributor"), assessment.london)
    mark_started(assessment.world.user("pp_contributor"), stale)
    assert stale.status == S.IN_PROGRESS
    assert stale.started_at == assessment.london.started_at
    assert SubmissionEvent.objects.filter(kind=SubmissionEvent.Kind.STARTED).count() == 1
    assert [e.additional_data["transition"] for e in history(stale)] == ["start"]

"""The steps of a submission, declared once: started, sent for sign-off, signed or returned,
reopened. Every change of a submission's status is one of them, made with
``SUBMISSION_WORKFLOW.move`` (``core.workflow``): the row is locked, the status guarded, and
the step saved under ``acting_as`` with its name, the states and the reason, so the audit
trail of the submission is its history. The services that make the steps (the form part's
first answer, sign-off's send, sign, return and reopen) check the actor's right first and
record the step in the submission's own story (``SubmissionEvent``) inside the move.
"""

from __future__ import annotations

from assessments.models import EDITABLE, Submission, SubmissionStatus
from core.workflow import Transition, Workflow

S = SubmissionStatus

# What may make each step, said when the status does not allow it.
_ONLY = {
    "start": "only one not started can be started",
    "send": "it can only be sent for sign-off while it is being filled in",
    "sign": "only one sent to the signatory can be signed off",
    "return": "only one sent to the signatory can be returned",
    "reopen": "only a submitted one can be reopened",
}


def _refusal(submission: Submission, transition: Transition, state: str) -> str:
    return f"The self-assessment is {state.lower()}: {_ONLY[transition.name]}"


def _locked(submission: Submission) -> Submission:
    """The row locked for the step, with what the step's checks and e-mails read."""
    return (
        Submission.objects.select_for_update(of=("self",))
        .select_related("campaign__framework_version", "organisation")
        .get(pk=submission.pk)
    )


SUBMISSION_WORKFLOW = Workflow(
    Submission,
    (
        Transition("start", "Start it", frozenset({S.NOT_STARTED}), S.IN_PROGRESS),
        Transition("send", "Send it for sign-off", EDITABLE, S.WITH_SIGNATORY),
        Transition("sign", "Sign it off", frozenset({S.WITH_SIGNATORY}), S.SUBMITTED),
        Transition(
            "return",
            "Return it to the contributors",
            frozenset({S.WITH_SIGNATORY}),
            S.IN_PROGRESS,
            reason_required=True,
            reason_is="what the contributors should change",
        ),
        Transition(
            "reopen",
            "Reopen it",
            frozenset({S.SUBMITTED}),
            S.REOPENED,
            reason_required=True,
            reason_is="why the self-assessment is reopened",
        ),
    ),
    name="the self-assessment workflow",
    refusal=_refusal,
    lock=_locked,
)

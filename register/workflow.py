"""The steps of a quality item, declared once on ``core.workflow``.

The owner submits evidence; the region's quality lead accepts it (the item is closed) or
returns it with a reason, and may escalate an item at any point before it is accepted (and
de-escalate it, with a reason, back to open). Each step is recorded with who, when and why,
so the item's audit trail is its history.
"""

from __future__ import annotations

from core.workflow import Transition, Workflow
from register.models import ItemStatus, QualityItem

S = ItemStatus

SUBMIT = "submit"
# The steps the quality team takes; the owner's one step is SUBMIT.
REVIEW_STEPS = frozenset({"accept", "return", "escalate", "de_escalate"})

_ONLY = {
    SUBMIT: "evidence can be submitted while it is open or returned",
    "accept": "only submitted evidence can be accepted",
    "return": "only submitted evidence can be returned",
    "escalate": "only an item not yet accepted or escalated can be escalated",
    "de_escalate": "only an escalated item can be de-escalated",
}


def _refusal(item: QualityItem, transition: Transition, state: str) -> str:
    return f"Item {item.pk} is {state.lower()}: {_ONLY[transition.name]}"


def _locked(item: QualityItem) -> QualityItem:
    return (
        QualityItem.objects.select_for_update(of=("self",))
        .select_related("organisation")
        .get(pk=item.pk)
    )


ITEM_WORKFLOW = Workflow(
    QualityItem,
    (
        Transition(
            SUBMIT, "Submit evidence", frozenset({S.OPEN, S.RETURNED}), S.EVIDENCE_SUBMITTED
        ),
        Transition("accept", "Accept the evidence", frozenset({S.EVIDENCE_SUBMITTED}), S.ACCEPTED),
        Transition(
            "return",
            "Return the evidence",
            frozenset({S.EVIDENCE_SUBMITTED}),
            S.RETURNED,
            reason_required=True,
            reason_is="why the evidence is returned",
        ),
        Transition(
            "escalate",
            "Escalate the item",
            frozenset({S.OPEN, S.EVIDENCE_SUBMITTED, S.RETURNED}),
            S.ESCALATED,
            reason_required=True,
            reason_is="why the item is escalated",
        ),
        Transition(
            "de_escalate",
            "De-escalate the item",
            frozenset({S.ESCALATED}),
            S.OPEN,
            reason_required=True,
            reason_is="why the item is de-escalated",
        ),
    ),
    name="the quality item workflow",
    refusal=_refusal,
    lock=_locked,
)
STEPS = ITEM_WORKFLOW.transitions

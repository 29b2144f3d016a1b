"""The workflow engine's guard, reason rule, bookkeeping and record, on a stand-in record.

Rating rounds and submissions run on it; their own tests show it against the database.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError

from core.workflow import Transition, Workflow

STEPS = [
    Transition("send", "Send it", frozenset({"draft"}), "sent"),
    Transition("approve", "Approve it", frozenset({"sent"}), "approved"),
    Transition(
        "reopen",
        "Reopen it",
        frozenset({"sent", "approved"}),
        "draft",
        reason_required=True,
        reason_is="why it is reopened",
    ),
]


class Record:
    """Stands in for a model row: a state, other fields, and the saves made to it."""

    def __init__(self, status: str) -> None:
        self.pk = 1
        self.status = status
        self.note = ""
        self.saves: list[list[str]] = []

    def save(self, *, update_fields: list[str]) -> None:
        self.saves.append(list(update_fields))

    def __str__(self) -> str:
        return "The record"


class _Field:
    choices = [("draft", "Draft"), ("sent", "Sent"), ("approved", "Approved")]


class _Meta:
    verbose_name = "record workflow"

    def get_field(self, name: str) -> _Field:
        return _Field()


class RecordModel:
    _meta = _Meta()


def workflow(stored: Record) -> Workflow[Any]:
    # The lock returns the "row as stored", as select_for_update would.
    return Workflow(RecordModel, STEPS, name="the record workflow", lock=lambda obj: stored)


@pytest.mark.django_db
def test_a_step_sets_the_state_saves_the_named_fields_and_refreshes_the_callers_copy() -> None:
    stored = Record("draft")
    mine = Record("draft")

    with workflow(stored).move(mine, "send", actor=None) as move:
        move.obj.note = "checked"
        move.save("note")

    assert stored.status == "sent"
    assert stored.saves == [["status", "note"]]
    assert (mine.status, mine.note) == ("sent", "checked")


@pytest.mark.django_db
def test_a_step_from_the_wrong_state_is_refused_naming_the_state_and_saves_nothing() -> None:
    stored = Record("draft")

    with (
        pytest.raises(ValidationError) as refused,
        workflow(stored).move(Record("draft"), "approve", actor=None),
    ):
        pytest.fail("the block must not run")

    assert refused.value.message_dict == {
        "transition": ["The record is draft, so you cannot approve it now"]
    }
    assert stored.saves == []


@pytest.mark.django_db
def test_the_caller_may_word_the_refusal() -> None:
    refusal = "Only a sent record can be approved"
    with (
        pytest.raises(ValidationError, match=refusal),
        workflow(Record("draft")).move(Record("draft"), "approve", actor=None, refusal=refusal),
    ):
        pass


@pytest.mark.django_db
def test_a_step_that_needs_a_reason_refuses_without_one_before_locking() -> None:
    stored = Record("sent")

    with (
        pytest.raises(ValidationError) as refused,
        workflow(stored).move(Record("sent"), "reopen", actor=None, reason="  "),
    ):
        pass

    assert refused.value.message_dict == {"reason": ["Enter why it is reopened"]}
    assert stored.status == "sent"


@pytest.mark.django_db
def test_a_refusal_inside_the_block_leaves_the_state_alone() -> None:
    stored = Record("draft")

    with (
        pytest.raises(ValidationError),
        workflow(stored).move(Record("draft"), "send", actor=None),
    ):
        raise ValidationError({"signatory": "Choose the executive"})

    assert stored.status == "draft"
    assert stored.saves == []


def test_an_unknown_step_is_named() -> None:
    with pytest.raises(ValidationError, match="'publish' is not a step of the record workflow"):
        workflow(Record("draft")).get("publish")


def test_available_lists_the_steps_that_may_leave_the_state_in_declared_order() -> None:
    flow = workflow(Record("sent"))

    assert [t.name for t in flow.available(Record("sent"))] == ["approve", "reopen"]
    assert [t.name for t in flow.available(Record("draft"))] == ["send"]
    assert flow.state_label("approved") == "Approved"

"""One workflow engine: a declared table of transitions and one guarded, locked, recorded move.

A process declares its steps once (``Transition``: a name, the label users see, the states it
leaves, the state it reaches, whether a reason is needed) in a ``Workflow`` for one model.
A service then moves a record with::

    with ROUND_WORKFLOW.move(round_, "approve", actor=actor, reason=reason) as move:
        ...  # check what else the step needs; change move.obj; move.save("approved_at")

``move`` locks the row, refuses (a ``ValidationError`` on ``transition`` naming the state the
record is in) unless the step may leave that state, runs the block, then sets the new state
and saves the fields the block named, all in one transaction and under ``acting_as`` with
the step, the states and the reason, so the audit trail is the record's event history
(``history``). The service checks the actor's right to the record before it calls ``move``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction

from core.audit import acting_as
from core.people import Actor
from core.text import clean_text


@dataclass(frozen=True)
class Transition:
    """One step: its name, the label users see, the states it leaves and the one it reaches."""

    name: str
    label: str
    sources: frozenset[str]
    target: str
    reason_required: bool = False
    # What the reason explains, for the message when it is missing ("why the ... go back").
    reason_is: str = "the reason"


@dataclass
class Move[M: models.Model]:
    """A step under way: the locked record, and what the block adds to the save and the trail."""

    obj: M
    transition: Transition
    before: str
    reason: str
    fields: list[str]
    context: dict[str, Any] = field(default_factory=dict)

    def save(self, *names: str) -> None:
        """Save these fields too when the step is recorded."""
        self.fields.extend(name for name in names if name not in self.fields)


def _default_refusal(obj: Any, transition: Transition, state_label: str) -> str:
    step = transition.label[0].lower() + transition.label[1:]
    return f"{obj} is {state_label.lower()}, so you cannot {step} now"


class Workflow[M: models.Model]:
    """The declared transitions of one model's state field."""

    def __init__(
        self,
        model: type[M],
        transitions: Iterable[Transition],
        *,
        name: str,
        state_field: str = "status",
        refusal: Callable[[M, Transition, str], str] = _default_refusal,
        lock: Callable[[M], M] | None = None,
    ) -> None:
        self.model = model
        self.name = name
        self.transitions = {t.name: t for t in transitions}
        self.state_field = state_field
        self._refusal = refusal
        self._lock = lock or self._lock_row

    def _lock_row(self, obj: M) -> M:
        return self.model._default_manager.select_for_update(of=("self",)).get(pk=obj.pk)

    def state_label(self, value: str) -> str:
        state = self.model._meta.get_field(self.state_field)
        choices = dict(getattr(state, "choices", None) or [])
        return str(choices.get(value, value))

    def get(self, name: str) -> Transition:
        transition = self.transitions.get(name)
        if transition is None:
            raise ValidationError({"transition": f"{name!r} is not a step of {self.name}"})
        return transition

    def available(self, obj: M) -> list[Transition]:
        """The steps that may leave the record's state now, in declared order."""
        state = getattr(obj, self.state_field)
        return [t for t in self.transitions.values() if state in t.sources]

    @contextmanager
    def move(
        self,
        obj: M,
        name: str,
        *,
        actor: Actor,
        reason: str = "",
        refusal: str | None = None,
    ) -> Iterator[Move[M]]:
        """Lock, guard, let the block check and change, then set the state and record it.

        ``refusal`` replaces the workflow's message when the state does not allow the step.
        Afterwards ``obj`` holds the saved values of the fields the step saved.
        """
        transition = self.get(name)
        if transition.reason_required or reason:
            reason = clean_text(
                reason,
                field="reason",
                what=transition.reason_is,
                required=transition.reason_required,
            )
        with transaction.atomic():
            locked = self._lock(obj)
            before = str(getattr(locked, self.state_field))
            if before not in transition.sources:
                raise ValidationError(
                    {
                        "transition": refusal
                        or self._refusal(locked, transition, self.state_label(before))
                    }
                )
            step = Move(locked, transition, before, reason, [self.state_field])
            yield step
            setattr(locked, self.state_field, transition.target)
            context = {
                "transition": transition.name,
                "from": before,
                "to": transition.target,
                "reason": reason,
                **step.context,
            }
            with acting_as(actor, **context):
                locked.save(update_fields=step.fields)
        for name_ in step.fields:
            setattr(obj, name_, getattr(locked, name_))


def history(obj: models.Model) -> list[Any]:
    """The record's moves, oldest first: its audit entries that name a transition."""
    from auditlog.models import LogEntry

    entries = (
        LogEntry.objects.get_for_object(obj).select_related("actor").order_by("timestamp", "pk")
    )
    return [
        entry
        for entry in entries
        if isinstance(entry.additional_data, dict) and "transition" in entry.additional_data
    ]

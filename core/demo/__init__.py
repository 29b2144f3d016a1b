"""What the demo data of every process is built from, and the registry of its builders.

The ``demo`` app (on top) plans the register and the personas and writes them; each process
hands up a builder for its own demo data (``register`` in its ``AppConfig.ready()``), which
the seed runs in order with a ``DemoContext``: the plan (``plan.py``, plain data) and who
the personas are, as e-mail addresses and organisation ids. A new process adds its demo
data without editing the demo app.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from core.demo.plan import Plan


@dataclass
class Tally:
    """How many planned rows were created and how many were there already."""

    created: int = 0
    unchanged: int = 0


@dataclass(frozen=True)
class DemoContext:
    """What a builder may read: the plan, each persona role's e-mail address (by role
    value) and the organisations the personas work at (by home key, as ids)."""

    plan: Plan
    emails: Mapping[str, str]
    homes: Mapping[str, int]


@dataclass(frozen=True)
class DemoBuilder:
    """One process's demo data: ``build`` writes it and counts it under ``label``; builders
    run in ``order`` after the register and the personas exist."""

    label: str
    build: Callable[[DemoContext], Tally]
    order: int


_BUILDERS: dict[str, DemoBuilder] = {}


def register(builder: DemoBuilder) -> None:
    """Add (or replace, by label) a process's demo builder."""
    _BUILDERS[builder.label] = builder


def builders() -> list[DemoBuilder]:
    """Every registered builder, in the order they run."""
    return sorted(_BUILDERS.values(), key=lambda builder: (builder.order, builder.label))

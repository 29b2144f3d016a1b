"""What waits for someone: the "things to do" of their home page, handed up by the processes.

The home page sits above every process and must not reach into them. Each process registers
a ``WaitingSource`` in its ``AppConfig.ready()``: a function from a user to the things that
wait for them in that process (queries to answer, submissions to sign, reviews due), each
with a count and the page where it is done. A source asks only about what the user's roles
let them act on, and costs no query for someone it does not concern.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from core.formatting import count_of
from core.people import Person


@dataclass(frozen=True)
class Waiting:
    """Some things of one kind waiting for the user, and where they are done."""

    count: int
    singular: str
    plural: str
    href: str
    hint: str = ""

    @property
    def text(self) -> str:
        """ "1 query to answer", "3 queries to answer": the count and the words that agree."""
        return count_of(self.count, self.singular, self.plural)


@dataclass(frozen=True)
class WaitingSource:
    name: str
    waiting: Callable[[Any], list[Waiting]]
    order: int = 100


_sources: dict[str, WaitingSource] = {}


def register(source: WaitingSource) -> None:
    """Add (or replace, by name) a source of things to do."""
    _sources[source.name] = source


def waiting_for(user: Person) -> list[Waiting]:
    """Everything waiting for this user, by source order; kinds with nothing waiting are left
    out."""
    found: list[Waiting] = []
    for source in sorted(_sources.values(), key=lambda s: (s.order, s.name)):
        found.extend(item for item in source.waiting(user) if item.count > 0)
    return found

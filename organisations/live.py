"""What an organisation has that is live, counted by the apps that own it.

Changing an organisation in the register (above all, moving it to another region) moves
whatever hangs off it: its self-assessments, its ratings, the people who hold roles there.
The organisations app sits below the processes and access, so it cannot ask them. Each
registers a ``LiveWork`` in its ``AppConfig.ready()``: a function that counts, for some
organisations, what it has that is still in progress, read through the viewer's scope. An
import preview shows it beside each organisation the file would change.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass

from core.scope import Scope, scope_of

# The system (a command, the worker) reads the whole register.
SYSTEM_SCOPE = Scope(frozenset(), frozenset(), frozenset(), is_national=True)


@dataclass(frozen=True)
class LiveWork:
    """One kind of live work: ``count(organisation_ids, scope)`` returns how many each of
    those organisations has that the scope may see (those with none may be left out);
    ``one`` and ``many`` name it, as in "1 self-assessment in an open campaign"."""

    name: str
    count: Callable[[Collection[int], Scope], Mapping[int, int]]
    one: str
    many: str
    order: int = 100

    def describe(self, number: int) -> str:
        return f"{number:,} {self.one if number == 1 else self.many}"


_kinds: dict[str, LiveWork] = {}


def register(work: LiveWork) -> None:
    """Add (or replace, by name) a kind of live work."""
    _kinds[work.name] = work


def unregister(name: str) -> None:
    _kinds.pop(name, None)


def live_work(organisation_ids: Collection[int], who: object) -> dict[int, list[str]]:
    """For each of these organisations with anything live that ``who`` (a user, a Scope, or
    None for the system) may see, a phrase per kind, in order. One query per kind."""
    if not organisation_ids:
        return {}
    scope = SYSTEM_SCOPE if who is None else scope_of(who)
    found: dict[int, list[str]] = {}
    for work in sorted(_kinds.values(), key=lambda kind: (kind.order, kind.name)):
        for organisation_id, number in work.count(organisation_ids, scope).items():
            if number:
                found.setdefault(organisation_id, []).append(work.describe(number))
    return found

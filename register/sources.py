"""Where items come from: each process registers its kinds of source when it is ready.

The register sits below the processes and never imports them. A process that opens items
(a QCPM follow-up, a self-assessment action, a review concern) registers a ``Source``: the
label its items are filtered by, and how to link an item back to the record it came from.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import NoReverseMatch


def _no_link(source_id: int) -> str | None:
    return None


@dataclass(frozen=True)
class Source:
    """One kind of source: a stable code stored on items, its label, and its link."""

    code: str
    label: str
    # The address of the source record's page, or None when it has none.
    link: Callable[[int], str | None] = _no_link


_sources: dict[str, Source] = {}


def register(source: Source) -> None:
    """Add a kind of source (again, by code, replaces it: apps may be made ready twice)."""
    _sources[source.code] = source


def sources() -> list[Source]:
    return sorted(_sources.values(), key=lambda source: source.label)


def label_of(code: str) -> str:
    source = _sources.get(code)
    return source.label if source else (code or "Entered in the register")


def link_of(code: str, source_id: int | None) -> str | None:
    source = _sources.get(code)
    if source is None or source_id is None:
        return None
    try:
        return source.link(source_id)
    except NoReverseMatch:
        return None


@dataclass(frozen=True)
class SourceRef:
    """The record an item comes from, as a process hands it over: the registered source's
    code, the record's id, and a label naming it ("2025/26 rating of Adult nursing")."""

    code: str
    id: int
    label: str

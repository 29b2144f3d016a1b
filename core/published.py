"""What the public can read, handed up by the processes that publish it.

The public home page sits above every process but must not know which processes exist: each
one registers a ``PublishedEntry`` in its ``AppConfig.ready()`` (ratings their published
ratings, assessments the national reports; interventions their reports once they are built),
and the page lists the entries in order. ``latest()`` says what is out now, in a sentence, or
None while nothing has been published.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from core import academic_year, formatting


def latest_line(year: int, published_at: dt.datetime | None) -> str:
    """ "Latest: 2025/26, published 3 July 2026" (without the date when it is not known)."""
    when = f", published {formatting.date(published_at)}" if published_at else ""
    return f"Latest: {academic_year.label(year)}{when}"


def _nothing_yet() -> str | None:
    return None


@dataclass(frozen=True)
class PublishedEntry:
    """One kind of published information: its page, what it is, and what is out now."""

    title: str
    url_name: str
    description: str
    order: int = 100
    latest: Callable[[], str | None] = _nothing_yet


@dataclass(frozen=True)
class PublishedItem:
    """An entry as the public home page shows it."""

    title: str
    url_name: str
    description: str
    latest: str | None


_entries: dict[str, PublishedEntry] = {}


def register(entry: PublishedEntry) -> None:
    """Add an entry (again, by URL name, replaces it: apps may be made ready twice)."""
    _entries[entry.url_name] = entry


def entries() -> list[PublishedEntry]:
    return sorted(_entries.values(), key=lambda entry: (entry.order, entry.title))


def published_items() -> list[PublishedItem]:
    """Every entry, in order, with what each has out now."""
    return [
        PublishedItem(entry.title, entry.url_name, entry.description, entry.latest())
        for entry in entries()
    ]

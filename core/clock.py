"""The service's one clock: code asks here for today and now, never the machine directly.

Everything that depends on the day (deadlines, reminders, the current academic year, demo
data) reads ``today()`` or ``now()``. A command or a benchmark that must act as of another day
says so with ``as_of(day)``; tests name their day with time-machine, which this clock follows
because it reads Django's ``timezone.now()``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone

# The moment ``as_of`` pinned, and the real moment it was pinned at (so the pinned clock runs).
_pinned: ContextVar[tuple[dt.datetime, dt.datetime] | None] = ContextVar("pinned", default=None)


def now() -> dt.datetime:
    """The current moment, aware, in UTC."""
    pinned = _pinned.get()
    if pinned is None:
        return timezone.now()
    moment, since = pinned
    return moment + (timezone.now() - since)


def today() -> dt.date:
    """Today's date in the service's time zone (Europe/London)."""
    return timezone.localdate(now())


def local(moment: dt.datetime | None = None) -> dt.datetime:
    """A moment (now by default) in the service's time zone."""
    return timezone.localtime(moment or now())


def start_of(day: dt.date, *, hour: int = 9) -> dt.datetime:
    """An aware moment on ``day`` at ``hour`` o'clock in the service's time zone."""
    return dt.datetime.combine(day, dt.time(hour), tzinfo=ZoneInfo(settings.TIME_ZONE))


def parse_day(text: str, *, name: str = "the day") -> dt.date:
    """Read a day written as YYYY-MM-DD; the error names what was wrong."""
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(f"{name} must be a date written as YYYY-MM-DD, not {text!r}") from None


@contextmanager
def as_of(day: dt.date | dt.datetime | None) -> Iterator[None]:
    """Run the block as if it were ``day`` (09:00 London when a date is given); the clock
    keeps running from there. ``None`` leaves the clock as it is."""
    if day is None:
        yield
        return
    moment = day if isinstance(day, dt.datetime) else start_of(day)
    token = _pinned.set((moment, timezone.now()))
    try:
        yield
    finally:
        _pinned.reset(token)

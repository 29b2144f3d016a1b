"""Display formats used across pages and exports (GOV.UK style: 3 March 2026, 1,234)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.utils import timezone


def date(value: dt.date | dt.datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
    return f"{value.day} {value:%B %Y}"


def datetime(value: dt.datetime | None) -> str:
    if value is None:
        return ""
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    hour = local.hour % 12 or 12
    suffix = "am" if local.hour < 12 else "pm"
    return f"{local.day} {local:%B %Y} at {hour}:{local:%M}{suffix}"


def number(value: int | float | None) -> str:
    if value is None:
        return ""
    return f"{value:,}"


def count_of(value: int, singular: str, plural: str | None = None) -> str:
    """ "1 education provider", "1,460 education providers": the number and the noun that
    agrees with it."""
    noun = singular if value == 1 else (plural or f"{singular}s")
    return f"{value:,} {noun}"


def and_list(names: Sequence[str]) -> str:
    """Names joined the way a sentence lists them: "A", "A and B", "A, B and C"."""
    if len(names) < 2:
        return "".join(names)
    return f"{', '.join(names[:-1])} and {names[-1]}"


def yesno(value: bool | None) -> str:
    if value is None:
        return "Not known"
    return "Yes" if value else "No"

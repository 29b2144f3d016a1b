"""One check for every piece of free text people type: trimmed, not too long, and free of
characters no database can store or no reader can see (NUL and other control characters)."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError

TEXT_LIMIT = 5000
# C0 control characters other than tab, line feed and carriage return, DEL, and surrogates
# (which cannot be written as UTF-8). PostgreSQL refuses NUL outright; the rest are invisible.
_UNSAVEABLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")


def _sentence(what: str) -> str:
    return what[:1].upper() + what[1:]


def unsaveable(text: str) -> str | None:
    """Why ``text`` cannot be saved (the first such character and where), or None."""
    match = _UNSAVEABLE.search(text)
    if match is None:
        return None
    return (
        f"a character that cannot be saved (U+{ord(match.group()):04X}, "
        f"character {match.start() + 1})"
    )


def check_text(
    value: str | None, *, what: str, limit: int = TEXT_LIMIT, required: bool = True
) -> tuple[str, str | None]:
    """The trimmed text and what is wrong with it (None when nothing is), for a service that
    collects every field's problem before refusing."""
    text = (value or "").strip()
    if not text:
        return text, (f"Enter {what}" if required else None)
    if len(text) > limit:
        return text, f"{_sentence(what)} must be {limit:,} characters or fewer"
    if problem := unsaveable(text):
        return text, f"{_sentence(what)} contains {problem}: remove it"
    return text, None


def clean_text(
    value: str | None, *, field: str, what: str, limit: int = TEXT_LIMIT, required: bool = True
) -> str:
    """The trimmed text, or a ValidationError on ``field`` saying what is wrong with ``what``
    ("your question", "the comment on question 1.2.1")."""
    text, problem = check_text(value, what=what, limit=limit, required=required)
    if problem:
        raise ValidationError({field: problem})
    return text

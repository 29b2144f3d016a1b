"""Academic years are stored as their starting calendar year and shown as "2025/26"."""

from __future__ import annotations

import datetime as dt
import re

from core import clock

_PATTERN = re.compile(r"^\s*(\d{4})\s*[/-]\s*(\d{2}|\d{4})\s*$")
EARLIEST = 2000
LATEST = 2100


def label(start_year: int) -> str:
    return f"{start_year}/{(start_year + 1) % 100:02d}"


def parse(text: str) -> int:
    """Parse "2025/26" (or "2025-26", "2025/2026") into 2025; raise ValueError with a reason."""
    match = _PATTERN.match(text or "")
    if not match:
        raise ValueError(f"{text!r} is not an academic year; write it like 2025/26")
    start = int(match.group(1))
    end_text = match.group(2)
    end = int(end_text) if len(end_text) == 4 else (start // 100) * 100 + int(end_text)
    if end_text == "00" and len(end_text) == 2:
        end = (start // 100 + 1) * 100
    if end != start + 1:
        raise ValueError(f"{text!r} is not an academic year: the second year must follow the first")
    if not EARLIEST <= start <= LATEST:
        raise ValueError(f"{text!r} is outside the years {EARLIEST} to {LATEST}")
    return start


def current(today: dt.date | None = None) -> int:
    """The academic year running on ``today``: it starts on 1 September."""
    today = today or clock.today()
    return today.year if today.month >= 9 else today.year - 1

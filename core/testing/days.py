"""Reading the day a test or the whole suite runs on (see ``TEST_DAY`` in the root conftest)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from core import clock

LONDON = ZoneInfo("Europe/London")


def suite_moment(text: str) -> dt.datetime:
    """The moment written as an ISO date (09:00 London) or date and time (London unless it
    names its zone); a clear usage error otherwise."""
    try:
        moment = dt.datetime.fromisoformat(text.strip())
    except ValueError:
        raise pytest.UsageError(
            f"a test day (EDQUALITY_TODAY or a day marker) must be a date like 2028-02-29 "
            f"or 2028-02-29T23:30, not {text!r}"
        ) from None
    if len(text.strip()) <= 10:
        return clock.start_of(moment.date())
    return moment if moment.tzinfo else moment.replace(tzinfo=LONDON)

"""Working days in England: Monday to Friday, except England's bank holidays.

Plain functions of dates, with no database and no clock: due dates are counted forward in
working days (an immediate requirement due in five working days skips Easter), and an item
is overdue once a whole working day has passed after its due date.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

import holidays

_ONE_DAY = dt.timedelta(days=1)


@lru_cache(maxsize=64)
def _bank_holidays(year: int) -> frozenset[dt.date]:
    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=year))


def is_bank_holiday(day: dt.date) -> bool:
    return day in _bank_holidays(day.year)


def is_working_day(day: dt.date) -> bool:
    """Monday to Friday, and not a bank holiday in England (substitute days included)."""
    return day.weekday() < 5 and not is_bank_holiday(day)


def add_working_days(start: dt.date, count: int) -> dt.date:
    """The day ``count`` working days after ``start`` (``start`` itself is not counted)."""
    if count < 0:
        raise ValueError("count must be zero or more working days")
    day = start
    while count:
        day += _ONE_DAY
        if is_working_day(day):
            count -= 1
    return day


def working_days_between(start: dt.date, end: dt.date) -> int:
    """How many working days fall after ``start`` up to and including ``end`` (0 if none)."""
    count = 0
    day = start + _ONE_DAY
    while day <= end:
        if is_working_day(day):
            count += 1
        day += _ONE_DAY
    return count


def last_working_day(on: dt.date) -> dt.date:
    """``on`` if it is a working day, otherwise the working day before it."""
    day = on
    while not is_working_day(day):
        day -= _ONE_DAY
    return day


def overdue_before(today: dt.date) -> dt.date:
    """Items due before this day are overdue today: a working day has passed since they
    were due. A date a query can compare with, so "overdue" filters in the database."""
    return last_working_day(today)


def days_overdue(due_on: dt.date, today: dt.date) -> int:
    """Working days late: 0 on the due date and over the weekend or holiday after it."""
    return working_days_between(due_on, today)

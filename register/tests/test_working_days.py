"""Working days in England: weekends and England's bank holidays do not count."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from register.working_days import (
    add_working_days,
    days_overdue,
    is_working_day,
    last_working_day,
    overdue_before,
    working_days_between,
)

D = dt.date


def test_five_working_days_from_the_wednesday_before_easter_skip_the_bank_holidays() -> None:
    assert add_working_days(D(2026, 4, 1), 5) == D(2026, 4, 10)


def test_the_working_day_after_christmas_eve_2026_is_after_the_substitute_boxing_day() -> None:
    # Boxing Day 2026 is a Saturday: Monday 28 December is the bank holiday instead.
    assert not is_working_day(D(2026, 12, 28))
    assert add_working_days(D(2026, 12, 24), 1) == D(2026, 12, 29)


def test_counting_across_the_year_end_skips_new_years_day() -> None:
    assert add_working_days(D(2026, 12, 30), 2) == D(2027, 1, 4)


def test_christmas_2027_on_a_weekend_moves_both_holidays_to_monday_and_tuesday() -> None:
    assert add_working_days(D(2027, 12, 24), 1) == D(2027, 12, 29)


def test_holidays_of_scotland_only_are_working_days_in_england() -> None:
    assert is_working_day(D(2026, 1, 2))  # 2 January, Scotland
    assert is_working_day(D(2026, 11, 30))  # St Andrew's Day


def test_zero_working_days_is_the_same_day() -> None:
    assert add_working_days(D(2026, 4, 3), 0) == D(2026, 4, 3)


def test_an_item_due_before_easter_is_not_overdue_until_the_tuesday_after() -> None:
    due = D(2026, 4, 2)  # Maundy Thursday
    assert days_overdue(due, D(2026, 4, 2)) == 0
    assert days_overdue(due, D(2026, 4, 6)) == 0  # Easter Monday
    assert days_overdue(due, D(2026, 4, 7)) == 1
    assert days_overdue(due, D(2026, 4, 10)) == 4


def test_overdue_counts_working_days_across_christmas_and_the_year_end() -> None:
    # 24, 29, 30, 31 December and 4 January; 25 and 28 December and 1 January are holidays.
    assert working_days_between(D(2026, 12, 23), D(2027, 1, 4)) == 5


def test_items_due_before_the_last_working_day_are_overdue() -> None:
    assert overdue_before(D(2026, 4, 6)) == D(2026, 4, 2)  # Easter Monday: back to Thursday
    assert overdue_before(D(2026, 11, 30)) == D(2026, 11, 30)
    assert last_working_day(D(2027, 1, 3)) == D(2026, 12, 31)


def test_the_end_of_a_count_is_never_before_its_start() -> None:
    assert working_days_between(D(2026, 5, 1), D(2026, 4, 1)) == 0


@given(st.dates(min_value=D(2024, 1, 1), max_value=D(2030, 12, 31)), st.integers(0, 60))
def test_counting_back_the_working_days_added_gives_the_same_number(
    start: dt.date, count: int
) -> None:
    end = add_working_days(start, count)
    assert working_days_between(start, end) == count
    assert count == 0 or is_working_day(end)

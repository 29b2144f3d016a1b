"""Academic years are stored as their first calendar year and shown as 2025/26."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core import academic_year


@pytest.mark.parametrize(
    ("text", "start"),
    [("2025/26", 2025), ("2025-26", 2025), (" 2025 / 2026 ", 2025), ("1999/00", 1999)],
)
def test_common_spellings_parse_to_the_starting_year(text, start):
    if start < academic_year.EARLIEST:
        with pytest.raises(ValueError, match="outside the years"):
            academic_year.parse(text)
    else:
        assert academic_year.parse(text) == start


@pytest.mark.parametrize("text", ["2025", "2025/27", "25/26", "", "twenty"])
def test_anything_else_is_refused_with_a_reason(text):
    with pytest.raises(ValueError, match="academic year"):
        academic_year.parse(text)


@given(st.integers(min_value=academic_year.EARLIEST, max_value=academic_year.LATEST))
def test_label_and_parse_round_trip(start):
    assert academic_year.parse(academic_year.label(start)) == start


@pytest.mark.parametrize(
    ("day", "year"),
    [
        (dt.date(2027, 7, 31), 2026),
        (dt.date(2027, 8, 1), 2026),  # some bodies start the year here; this service does not
        (dt.date(2026, 8, 31), 2025),
        (dt.date(2026, 9, 1), 2026),
        (dt.date(2026, 12, 31), 2026),
        (dt.date(2027, 1, 1), 2026),
        (dt.date(2028, 2, 29), 2027),
        (dt.date(2028, 8, 31), 2027),
        (dt.date(2028, 9, 1), 2028),
    ],
)
def test_the_year_runs_from_the_first_of_september(day, year):
    assert academic_year.current(day) == year
    assert academic_year.label(year) == f"{year}/{(year + 1) % 100:02d}"


@pytest.mark.parametrize(
    ("moment", "year"),
    [
        # London is an hour ahead of UTC in summer: 23:30 UTC on 31 August is already
        # 1 September in London, so the new year has begun.
        (dt.datetime(2027, 8, 31, 23, 30, tzinfo=dt.UTC), 2027),
        (dt.datetime(2027, 8, 31, 22, 30, tzinfo=dt.UTC), 2026),
        (dt.datetime(2027, 12, 31, 23, 59, tzinfo=dt.UTC), 2027),
        (dt.datetime(2028, 2, 29, 12, 0, tzinfo=dt.UTC), 2027),
    ],
)
def test_without_a_day_the_year_is_the_one_running_today_in_london(time_machine, moment, year):
    time_machine.move_to(moment, tick=False)
    assert academic_year.current() == year


@given(st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2099, 12, 31)))
def test_every_day_falls_in_the_year_that_contains_it(day):
    start = academic_year.current(day)
    assert dt.date(start, 9, 1) <= day < dt.date(start + 1, 9, 1)

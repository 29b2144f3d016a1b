"""The service's one clock: today in London, a pinned day for commands, the suite's day."""

from __future__ import annotations

import datetime as dt
import os

import pytest

from conftest import TEST_DAY
from core import clock
from core.testing.days import LONDON, suite_moment


def test_today_is_the_date_in_london_not_in_utc(time_machine):
    # 23:30 UTC on 30 June is already 1 July in London (summer time).
    time_machine.move_to(dt.datetime(2027, 6, 30, 23, 30, tzinfo=dt.UTC), tick=False)
    assert clock.today() == dt.date(2027, 7, 1)
    assert clock.now() == dt.datetime(2027, 6, 30, 23, 30, tzinfo=dt.UTC)
    assert clock.local().hour == 0


def test_as_of_pins_the_day_and_lets_the_clock_run_on(time_machine):
    time_machine.move_to(dt.datetime(2026, 12, 4, 12, 0, tzinfo=dt.UTC), tick=False)
    with clock.as_of(dt.date(2028, 2, 29)):
        assert clock.today() == dt.date(2028, 2, 29)
        assert clock.local().hour == 9
        time_machine.shift(dt.timedelta(hours=2))
        assert clock.local().hour == 11
    assert clock.today() == dt.date(2026, 12, 4)


def test_as_of_takes_a_moment_too_and_nests():
    moment = dt.datetime(2027, 8, 1, 23, 59, tzinfo=LONDON)
    with clock.as_of(moment):
        with clock.as_of(dt.date(2027, 9, 1)):
            assert clock.today() == dt.date(2027, 9, 1)
        assert clock.today() == dt.date(2027, 8, 1)


@pytest.mark.parametrize("text", ["2028-02-30", "29/02/2028", "tomorrow", ""])
def test_a_day_that_is_not_a_date_is_refused_naming_what_was_wrong(text):
    with pytest.raises(ValueError, match=r"--today must be a date written as YYYY-MM-DD"):
        clock.parse_day(text, name="--today")


def test_a_day_is_read_from_its_iso_form():
    assert clock.parse_day(" 2028-02-29 ") == dt.date(2028, 2, 29)


def test_the_suite_runs_on_its_named_day_unless_told_another():
    named = os.environ.get("EDQUALITY_TODAY", "").strip() or TEST_DAY
    assert clock.today() == suite_moment(named).date()


@pytest.mark.day("2027-08-01")
def test_a_test_that_names_its_day_runs_on_it_whatever_the_suite_day():
    assert clock.today() == dt.date(2027, 8, 1)
    assert clock.local().hour == 9


@pytest.mark.day("2027-12-31T23:45")
def test_a_day_marker_can_name_the_time_too():
    assert clock.local().date() == dt.date(2027, 12, 31)
    assert (clock.local().hour, clock.local().minute) == (23, 45)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2028-02-29", dt.datetime(2028, 2, 29, 9, 0, tzinfo=LONDON)),
        ("2027-07-01T00:30", dt.datetime(2027, 7, 1, 0, 30, tzinfo=LONDON)),
        ("2027-07-01T00:30+00:00", dt.datetime(2027, 7, 1, 0, 30, tzinfo=dt.UTC)),
    ],
)
def test_the_suite_day_is_read_as_london_unless_it_names_its_zone(text, expected):
    assert suite_moment(text) == expected


def test_a_suite_day_that_is_not_a_date_stops_the_run_with_a_clear_message():
    with pytest.raises(pytest.UsageError, match="must be a date like 2028-02-29"):
        suite_moment("next tuesday")


def test_as_of_nothing_leaves_the_clock_as_it_is(time_machine):
    time_machine.move_to(dt.datetime(2026, 12, 4, 12, 0, tzinfo=dt.UTC), tick=False)
    with clock.as_of(None):
        assert clock.today() == dt.date(2026, 12, 4)

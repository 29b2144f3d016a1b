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


def test_the_year_turns_over_on_the_first_of_september():
    assert academic_year.current(dt.date(2026, 8, 31)) == 2025
    assert academic_year.current(dt.date(2026, 9, 1)) == 2026

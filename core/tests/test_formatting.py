"""Display formats: numbers with the noun that agrees with them."""

import pytest

from core.formatting import count_of


@pytest.mark.parametrize(
    ("value", "expected"),
    [(0, "0 commissions"), (1, "1 commission"), (2, "2 commissions"), (1460, "1,460 commissions")],
)
def test_a_count_takes_the_noun_that_agrees_with_it(value, expected):
    assert count_of(value, "commission") == expected


def test_an_irregular_plural_is_given():
    assert count_of(3, "person", "people") == "3 people"
    assert count_of(1, "person", "people") == "1 person"

"""Reading rows through the cursor gives what the ORM gives, decimals included."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from ratings.compute.reading import fetch_columns
from ratings.models import Kpi, KpiValue
from ratings.testing import YEAR

pytestmark = pytest.mark.django_db

FIELDS = ("id", "education_provider_id", "academic_year", "value", "numerator", "denominator")


def test_columns_read_through_the_cursor_equal_the_orms_values(qcpm: Any) -> None:
    """SQLite keeps decimals as floats and they are read back as text: the largest,
    smallest and half-way numbers come back with exactly their stored digits."""
    awkward = [
        ("99999999.9999", None, None),
        ("0.0001", None, None),
        ("80.0050", None, None),
        ("12.5", "1", "8"),
        ("100", "250.5", "250.5"),
        ("0", "0", "0.01"),
        ("33.3333", None, "3"),
    ]
    fill = Kpi.objects.get(code="FILL")
    for number, (value, numerator, denominator) in enumerate(awkward):
        KpiValue.objects.create(
            education_provider=qcpm.world.london_ep,
            programme=qcpm.world.nursing,
            academic_year=YEAR + 10 + number,
            kpi=fill,
            value=Decimal(value),
            numerator=None if numerator is None else Decimal(numerator),
            denominator=None if denominator is None else Decimal(denominator),
        )
    rows = KpiValue.objects.order_by("pk")
    columns = fetch_columns(rows, *FIELDS)
    expected = list(rows.values_list(*FIELDS))
    assert len(expected) > len(awkward)
    assert list(zip(*columns, strict=True)) == expected
    # The same digits, not only the same numbers: explanations show them as text.
    assert [tuple(map(str, row)) for row in zip(*columns, strict=True)] == [
        tuple(map(str, row)) for row in expected
    ]


def test_no_rows_give_one_empty_column_per_field(qcpm: Any) -> None:
    columns = fetch_columns(KpiValue.objects.filter(academic_year=1900), *FIELDS)
    assert columns == [[] for _ in FIELDS]

"""Reading rows through the cursor gives what the ORM gives, decimals included."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from ratings.models import Kpi, KpiValue
from ratings.reading import fetch_columns
from ratings.testing import YEAR

pytestmark = pytest.mark.django_db

FIELDS = ("id", "education_provider_id", "academic_year", "value", "numerator", "denominator")


def test_columns_read_through_the_cursor_equal_the_orms_values(qcpm: Any) -> None:
    nss = Kpi.objects.get(code="NSS")
    for number, value in enumerate(("0.0001", "99999999.9999", "80.0050", "7")):
        KpiValue.objects.create(
            education_provider=qcpm.world.london_ep,
            programme=qcpm.world.nursing,
            academic_year=YEAR + 10 + number,
            kpi=nss,
            value=Decimal(value),
        )
    rows = KpiValue.objects.order_by("pk")
    columns = fetch_columns(rows, *FIELDS)
    expected = list(rows.values_list(*FIELDS))
    assert len(expected) > 4
    assert list(zip(*columns, strict=True)) == expected
    # The same digits, not only the same numbers: explanations show them as text.
    assert [tuple(map(str, row)) for row in zip(*columns, strict=True)] == [
        tuple(map(str, row)) for row in expected
    ]


def test_no_rows_give_one_empty_column_per_field(qcpm: Any) -> None:
    columns = fetch_columns(KpiValue.objects.filter(academic_year=1900), *FIELDS)
    assert columns == [[] for _ in FIELDS]

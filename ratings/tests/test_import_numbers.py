"""Numbers in a KPI file are read one way only, and must fit where they are stored after
rounding: anything else is refused with its row, column and value, never guessed at."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from core.imports.numbers import Stored, parse_number
from ratings.imports.plan import build_plan
from ratings.imports.rows import STORED
from ratings.imports.services import import_file
from ratings.models import KpiImport, KpiValue, KpiValueHistory
from ratings.tests.import_helpers import LONDON, csv_bytes
from ratings.tests.test_import_excel import workbook_bytes

pytestmark = pytest.mark.django_db

NSS = (LONDON, "NURS-ADULT", "2025/26", "NSS")
FILL = (LONDON, "NURS-ADULT", "2025/26", "FILL")
COMMA = (
    "has a comma, which could separate thousands or mark the decimals. Write numbers with no "
    "thousands separator and a point before any decimals, like 1234 or 3.5."
)


def errors_of(rows: list[tuple[object, ...]]) -> list[str]:
    plan = build_plan(csv_bytes(rows), actor=None)
    assert not plan.is_valid
    return [str(error) for error in plan.errors]


@pytest.mark.parametrize(
    ("cells", "message"),
    [
        ((*NSS, "3,5", "", ""), f"Row 2, column value: '3,5' {COMMA}"),
        ((*NSS, "0,75", "", ""), f"Row 2, column value: '0,75' {COMMA}"),
        ((*FILL, "", "1,234", "2000"), f"Row 2, column numerator: '1,234' {COMMA}"),
        (
            (*NSS, "1_0", "", ""),
            "Row 2, column value: '1_0' has a space, underscore or apostrophe between its "
            "digits. Write the digits together, like 1234.",
        ),
        (
            (*FILL, "", "10", "1 000"),
            "Row 2, column denominator: '1 000' has a space, underscore or apostrophe between "
            "its digits. Write the digits together, like 1234.",
        ),
        (
            (*NSS, "8.4E+1", "", ""),
            "Row 2, column value: '8.4E+1' is in scientific notation, which a spreadsheet uses "
            "for a number it has rounded. Write the number in full, like 123000 or 0.00015.",
        ),
        ((*NSS, "٨٤", "", ""), "Row 2, column value: '٨٤' is not a number."),
        ((*NSS, "NaN", "", ""), "Row 2, column value: 'NaN' is not a number."),
        (
            (*NSS, "1" * 41, "", ""),
            "Row 2, column value: '11111111111111111111…' is 41 characters long; a number has "
            "at most 40.",
        ),
    ],
)
def test_an_ambiguous_number_is_refused_with_its_row_column_and_value(
    qcpm: Any, cells: tuple[object, ...], message: str
) -> None:
    assert errors_of([cells]) == [message]


def test_plain_numbers_are_read_as_written(qcpm: Any) -> None:
    for text, number in [("84.5", "84.5"), ("84", "84"), (".5", "0.5"), ("+3", "3")]:
        assert parse_number(text) == Decimal(number)
    plan = build_plan(csv_bytes([(*NSS, " 84.50 ", "", "")]), actor=None)
    assert [item.value for item in plan.items] == [Decimal("84.5000")]


def test_the_checks_use_the_precision_the_database_keeps() -> None:
    for name in ("value", "numerator", "denominator"):
        field = KpiValue._meta.get_field(name)
        assert STORED[name] == Stored(field.max_digits, field.decimal_places)  # type: ignore[union-attr]  # a DecimalField
    assert STORED["value"].largest == Decimal("99999999.9999")
    assert STORED["numerator"].largest == Decimal("9999999999.99")


@pytest.mark.parametrize(
    ("cells", "message"),
    [
        (
            (*NSS, "99999999.99999", "", ""),
            "Row 2, column value: '99999999.99999' rounds to 100000000.0000 at 4 decimal "
            "places, which is more than can be stored: the largest is 99,999,999.9999.",
        ),
        (
            (*NSS, "100000000", "", ""),
            "Row 2, column value: '100000000' is too large; the largest that can be stored is "
            "99,999,999.9999.",
        ),
        (
            (*FILL, "", "9999999999.999", "9999999999.999"),
            "Row 2, column numerator: '9999999999.999' rounds to 10000000000.00 at 2 decimal "
            "places, which is more than can be stored: the largest is 9,999,999,999.99.",
        ),
    ],
)
def test_a_number_that_would_not_fit_after_rounding_is_refused(
    qcpm: Any, cells: tuple[object, ...], message: str
) -> None:
    errors = errors_of([cells])
    assert errors[0] == message


def test_a_rate_too_large_to_store_is_refused_on_its_value(qcpm: Any) -> None:
    # FILL may pass 100%: 9,999,999,999 starters on 0.01 places is a rate no column holds.
    assert errors_of([(*FILL, "", "9999999999", "0.01")]) == [
        "Row 2, column value: the value worked out from the numerator and denominator "
        "(9999999999 / 0.01) is larger than can be stored: the largest is 99,999,999.9999."
    ]


def test_numbers_too_large_for_the_database_are_refused_and_nothing_is_stored(
    qcpm: Any,
) -> None:
    before = list(KpiValue.objects.order_by("pk").values_list("pk", "value", "numerator"))
    rows = [(*NSS, "99999999.99999", "", ""), (*FILL, "", "9999999999.999", "9999999999.999")]

    plan, kpi_import = import_file(actor=None, file_name="big.csv", data=csv_bytes(rows))

    assert kpi_import is None and not plan.is_valid
    assert [(error.row, error.column) for error in plan.errors] == [
        (2, "value"),
        (3, "numerator"),
        (3, "denominator"),
    ]
    assert list(KpiValue.objects.order_by("pk").values_list("pk", "value", "numerator")) == before
    assert not KpiImport.objects.exists() and not KpiValueHistory.objects.exists()


def test_in_a_workbook_a_number_cell_is_a_number_and_text_cells_are_read_like_csv(
    qcpm: Any,
) -> None:
    good = build_plan(workbook_bytes([(*NSS, 84.5, "", "")]), actor=None, file_name="k.xlsx")
    assert [item.value for item in good.items] == [Decimal("84.5000")]
    bad = build_plan(workbook_bytes([(*NSS, "3,5", "", "")]), actor=None, file_name="k.xlsx")
    assert [str(error) for error in bad.errors] == [f"Row 2, column value: '3,5' {COMMA}"]

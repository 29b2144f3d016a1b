"""Every kind of bad KPI file is refused with each error's row and column, and nothing saved."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from core.imports.errors import FileRefused
from ratings.imports.parsing import check_file_size
from ratings.imports.plan import build_plan
from ratings.models import Kpi, KpiValue
from ratings.tests.import_helpers import HEADER, LONDON, csv_bytes, good_rows

pytestmark = pytest.mark.django_db


def errors_of(data: bytes, actor: Any = None) -> list[tuple[int | None, str | None, str]]:
    plan = build_plan(data, actor=actor)
    assert not plan.is_valid
    return [(e.row, e.column, e.message) for e in plan.errors]


def one_row(*cells: object) -> bytes:
    return csv_bytes([cells])


def test_a_valid_file_plans_a_value_for_every_row(qcpm: Any) -> None:
    plan = build_plan(csv_bytes(good_rows()), actor=None)
    assert plan.is_valid, list(plan.errors)
    assert plan.counts() == {"rows": 9, "created": 0, "changed": 9, "unchanged": 0}


def test_ratio_values_are_numerator_over_denominator_as_a_percentage(qcpm: Any) -> None:
    plan = build_plan(one_row(LONDON, "nurs-adult", "2025/26", "fill", "", 110, 120), actor=None)
    (item,) = plan.items
    assert item.value == Decimal("91.6667")
    assert (item.numerator, item.denominator) == (Decimal("110.00"), Decimal("120.00"))


def test_recruitment_against_places_may_pass_100_percent_as_the_demo_shows(qcpm: Any) -> None:
    # More starters than commissioned places is real (the demo has 281 of 275); a share of a
    # group, such as leavers among starters, cannot pass 100%.
    plan = build_plan(one_row(LONDON, "NURS-ADULT", "2025/26", "FILL", "", 125, 120), actor=None)
    assert plan.is_valid, list(plan.errors)
    (item,) = plan.items
    assert item.value == Decimal("104.1667")
    assert Kpi.objects.get(code="FILL").may_exceed_100
    assert not Kpi.objects.filter(may_exceed_100=True).exclude(code="FILL").exists()


def test_headers_are_matched_whatever_their_case_and_order(qcpm: Any) -> None:
    header = [name.upper() for name in reversed(HEADER)]
    row = list(reversed((LONDON, "NURS-ADULT", "2025/26", "NSS", "80", "", "")))
    assert build_plan(csv_bytes([row], header=header), actor=None).is_valid


def test_missing_and_unknown_columns_are_named(qcpm: Any) -> None:
    data = csv_bytes([(LONDON, "NURS-ADULT")], header=("ukprn", "programme", "kpi_code"))
    errors = errors_of(data)
    assert (1, "programme", errors[0][2]) == errors[0]
    assert "missing the columns programme_code, academic_year, value" in errors[1][2]


def test_an_empty_file_is_refused(qcpm: Any) -> None:
    assert errors_of(b"") == [(None, None, "The file is empty.")]
    assert errors_of(b"  \n\n") == [(None, None, "The file is empty.")]


def test_a_header_without_rows_is_refused(qcpm: Any) -> None:
    assert errors_of(csv_bytes([])) == [
        (None, None, "The file has a header but no rows of values.")
    ]


def test_a_file_over_the_size_limit_is_refused_before_reading(settings: Any, qcpm: Any) -> None:
    settings.KPI_IMPORT_MAX_BYTES = 100
    (error,) = errors_of(csv_bytes(good_rows()))
    assert error[0] is None and "the largest file accepted is 100 bytes" in error[2]


def test_the_default_limit_is_fifty_megabytes() -> None:
    check_file_size(50 * 1024 * 1024)
    with pytest.raises(FileRefused, match="50 MB"):
        check_file_size(50 * 1024 * 1024 + 1)


@pytest.mark.parametrize(
    ("cells", "column", "fragment"),
    [
        (("99999999", "NURS-ADULT", "2025/26", "NSS", 80, "", ""), "ukprn", "not the UKPRN"),
        (("123", "NURS-ADULT", "2025/26", "NSS", 80, "", ""), "ukprn", "not a UKPRN"),
        ((LONDON, "NOPE", "2025/26", "NSS", 80, "", ""), "programme_code", "not a programme"),
        ((LONDON, "NURS-ADULT", "2025/26", "ZZZ", 80, "", ""), "kpi_code", "not a KPI code"),
        ((LONDON, "NURS-ADULT", "2025/26", "NSS", "eighty", "", ""), "value", "not a number"),
        ((LONDON, "NURS-ADULT", "2025/26", "FILL", "", "ten", 20), "numerator", "not a number"),
        ((LONDON, "NURS-ADULT", "2025/26", "NSS", "100.5", "", ""), "value", "between 0 and 100"),
        ((LONDON, "NURS-ADULT", "2025/26", "NSS", "-1", "", ""), "value", "between 0 and 100"),
        ((LONDON, "NURS-ADULT", "2025/26", "FILL", "", -1, 20), "numerator", "negative"),
        ((LONDON, "NURS-ADULT", "2025/26", "FILL", "", 5, -20), "denominator", "negative"),
        ((LONDON, "NURS-ADULT", "2025/26", "ATTR", "", 21, 20), "numerator", "above the denom"),
        ((LONDON, "NURS-ADULT", "2025/26", "FILL", "", 0, 0), "denominator", "is 0"),
        ((LONDON, "NURS-ADULT", "2025/26", "FILL", "50", "", ""), "numerator", "ratio KPI"),
        ((LONDON, "NURS-ADULT", "2025/26", "FILL", "10", 1, 2), "value", "does not match"),
        ((LONDON, "NURS-ADULT", "2025/26", "NSS", "", "", ""), "value", "single value"),
        ((LONDON, "NURS-ADULT", "2025/26", "NSS", 80, 1, 2), "numerator", "leave numerator"),
        ((LONDON, "NURS-ADULT", "2025/26", "DATA", -2, "", ""), "value", "cannot be below 0"),
        ((LONDON, "NURS-ADULT", "2031/32", "NSS", 80, "", ""), "academic_year", "no methodology"),
        ((LONDON, "NURS-ADULT", "2025", "NSS", 80, "", ""), "academic_year", "like 2025/26"),
        (("", "NURS-ADULT", "2025/26", "NSS", 80, "", ""), "ukprn", "enter the provider"),
    ],
)
def test_each_bad_cell_is_reported_with_its_row_and_column(
    qcpm: Any, cells: tuple[object, ...], column: str, fragment: str
) -> None:
    errors = errors_of(one_row(*cells))
    assert any(row == 2 and col == column and fragment in msg for row, col, msg in errors), errors


def test_every_error_in_the_file_is_collected_not_just_the_first(qcpm: Any) -> None:
    rows = [(LONDON, "NURS-ADULT", "2025/26", "NSS", "x", "", "")] * 1 + [
        ("99999999", "NOPE", "2025/26", "NSS", 80, "", ""),
        (LONDON, "NURS-ADULT", "2025/26", "NETS", "150", "", ""),
    ]
    errors = errors_of(csv_bytes(rows))
    assert [(row, column) for row, column, _ in errors] == [
        (2, "value"),
        (3, "ukprn"),
        (3, "programme_code"),
        (4, "value"),
    ]


def test_a_duplicate_row_names_both_rows(qcpm: Any) -> None:
    row = (LONDON, "NURS-ADULT", "2025/26", "NSS", 80, "", "")
    errors = errors_of(csv_bytes([row, good_rows()[0], row]))
    assert errors == [(4, None, errors[0][2])]
    assert "rows 2 and 4" in errors[0][2]


def test_a_provider_outside_a_contract_managers_region_is_unknown_to_them(qcpm: Any) -> None:
    manager = qcpm.world.user("contract_manager")
    errors = errors_of(one_row("10000002", "NURS-ADULT", "2025/26", "NSS", 80, "", ""), manager)
    assert errors == [
        (2, "ukprn", "10000002 is not the UKPRN of an education provider in your region.")
    ]
    assert build_plan(csv_bytes(good_rows()), actor=manager).is_valid


def test_a_broken_file_saves_nothing(qcpm: Any) -> None:
    before = list(KpiValue.objects.order_by("pk").values_list("pk", "value"))
    rows = [*good_rows(), ("99999999", "NURS-ADULT", "2025/26", "NSS", 80, "", "")]
    assert not build_plan(csv_bytes(rows), actor=None).is_valid
    assert list(KpiValue.objects.order_by("pk").values_list("pk", "value")) == before


def test_text_that_is_not_utf8_is_refused_with_its_row(qcpm: Any) -> None:
    data = csv_bytes(good_rows()[:1]) + b"10000001,NURS-ADULT,2025/26,NSS,\xff,,\n"
    errors = errors_of(data)
    assert errors == [(None, None, errors[0][2])]
    assert "Row 3 has a character that is not UTF-8" in errors[0][2]

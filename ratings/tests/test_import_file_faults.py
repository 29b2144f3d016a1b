"""Smaller faults of KPI files: rows numbered as a spreadsheet numbers them after a line break
inside a cell, values in columns without a heading, which sheet of a workbook is read, and
what an empty first sheet says."""

from __future__ import annotations

from typing import Any

import pytest

from core.testing.workbooks import sheet_of, workbook_parts, zip_bytes
from ratings.imports.plan import build_plan
from ratings.tests.import_helpers import HEADER, LONDON, csv_bytes, good_rows
from ratings.tests.test_import_excel import workbook_bytes

pytestmark = pytest.mark.django_db

NSS = (LONDON, "NURS-ADULT", "2025/26", "NSS")


def errors_of(data: bytes, file_name: str = "kpis.csv") -> list[tuple[int | None, str | None]]:
    plan = build_plan(data, actor=None, file_name=file_name)
    assert not plan.is_valid
    return [(error.row, error.column) for error in plan.errors]


def test_a_line_break_inside_a_cell_does_not_move_the_rows_below_it(qcpm: Any) -> None:
    rows = good_rows()
    rows[0] = (LONDON, "NURS-ADULT", "2025/26", "FILL", "", 110, "120\n")  # one row, two lines
    rows[2] = (LONDON, "NURS-ADULT", "2025/26", "COMP", "", "lots", 100)  # spreadsheet row 4
    rows[6] = (LONDON, "NURS-ADULT", "2025/26", "NETS", "many", "", "")  # spreadsheet row 8
    assert errors_of(csv_bytes(rows)) == [(4, "numerator"), (8, "value")]


def test_a_value_in_a_column_without_a_heading_is_refused_with_its_cell(qcpm: Any) -> None:
    rows: list[tuple[object, ...]] = [*good_rows()]
    rows[1] = (*rows[1], "", "stray")  # columns H and I, to the right of the header
    plan = build_plan(csv_bytes(rows), actor=None)

    assert [str(error) for error in plan.errors] == [
        "Row 3, column I: the cell holds 'stray' but its column has no heading. Every value "
        "belongs in one of the columns ukprn, programme_code, academic_year, kpi_code, value, "
        "numerator, denominator: move it there or delete it."
    ]


def test_a_value_under_a_blank_heading_is_refused_in_a_workbook_too(qcpm: Any) -> None:
    header = (*HEADER[:4], "", *HEADER[4:])  # a blank column E between the KPI and the value
    rows = [
        (*cells[:4], "84.5" if index == 5 else "", *cells[4:])
        for index, cells in enumerate(good_rows())
    ]
    data = zip_bytes(workbook_parts([("Values", sheet_of([header, *rows]))]))
    assert errors_of(data, "kpis.xlsx") == [(7, "E")]


def test_a_hidden_first_sheet_is_not_read(qcpm: Any) -> None:
    junk = sheet_of([("not", "the", "header")])
    good = sheet_of([HEADER, *good_rows()])
    data = zip_bytes(workbook_parts([("Old", junk), ("Values", good)], states={"Old": "hidden"}))

    plan = build_plan(data, actor=None, file_name="kpis.xlsx")

    assert plan.is_valid, [str(error) for error in plan.errors]
    assert plan.rows == 9


def test_an_empty_first_sheet_says_only_the_first_sheet_is_read(qcpm: Any) -> None:
    data = zip_bytes(
        workbook_parts([("Notes", sheet_of([])), ("Values", sheet_of([HEADER, *good_rows()]))])
    )

    (error,) = build_plan(data, actor=None, file_name="kpis.xlsx").errors

    assert str(error) == (
        "The first sheet, 'Notes', is empty. Only the first sheet of a workbook is read (this "
        "one has 1 other sheet): put the KPI values on the first sheet and try again."
    )


def test_a_workbook_with_one_empty_sheet_is_an_empty_file(qcpm: Any) -> None:
    (error,) = build_plan(workbook_bytes([]), actor=None, file_name="kpis.xlsx").errors
    assert error.message == "The file has a header but no rows of values."
    data = zip_bytes(workbook_parts([("Sheet1", sheet_of([]))]))
    (error,) = build_plan(data, actor=None, file_name="kpis.xlsx").errors
    assert error.message == "The file is empty."

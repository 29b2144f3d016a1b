"""Excel files: the first sheet is read like a CSV; formulas and merged cells are refused."""

from __future__ import annotations

import io
from typing import Any

import pytest
from openpyxl import Workbook

from ratings.imports.plan import build_plan
from ratings.tests.import_helpers import HEADER, good_rows

pytestmark = pytest.mark.django_db


def workbook_bytes(rows: list[tuple[object, ...]], change: Any = None) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(list(HEADER))
    for row in rows:
        sheet.append([None if cell == "" else cell for cell in row])
    if change is not None:
        change(sheet)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_a_valid_workbook_is_read_like_a_csv_file(qcpm: Any) -> None:
    plan = build_plan(workbook_bytes(good_rows()), actor=None, file_name="kpis.xlsx")
    assert plan.is_valid, list(plan.errors)
    assert plan.rows == 9


def test_a_formula_is_refused_with_its_cell(qcpm: Any) -> None:
    def add_formula(sheet: Any) -> None:
        sheet["E7"] = "=40*2"

    plan = build_plan(workbook_bytes(good_rows(), add_formula), actor=None)
    assert [(e.row, e.column) for e in plan.errors] == [(7, "E"), (7, "value")]
    assert "formula" in plan.errors.items[0].message


def test_merged_cells_are_refused(qcpm: Any) -> None:
    def merge(sheet: Any) -> None:
        sheet.merge_cells("A2:A4")

    plan = build_plan(workbook_bytes(good_rows(), merge), actor=None)
    (error,) = plan.errors
    assert error.row is None and "merged cells (A2:A4)" in error.message


def test_a_file_that_only_looks_like_a_workbook_is_refused(qcpm: Any) -> None:
    plan = build_plan(b"PK\x03\x04 not really a zip", actor=None, file_name="kpis.xlsx")
    (error,) = plan.errors
    assert "cannot be opened as an Excel workbook" in error.message


def test_an_empty_workbook_is_refused(qcpm: Any) -> None:
    buffer = io.BytesIO()
    Workbook().save(buffer)
    (error,) = build_plan(buffer.getvalue(), actor=None).errors
    assert error.message == "The file is empty."

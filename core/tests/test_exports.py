"""Downloads open cleanly in spreadsheets and never carry a live formula."""

import io

from openpyxl import load_workbook

from core.exports import csv_response, safe_cell, xlsx_response


def _sheet(content: bytes):
    sheet = load_workbook(io.BytesIO(content)).active
    assert sheet is not None
    return sheet


def test_cells_that_would_run_as_formulas_are_neutralised():
    assert safe_cell("=HYPERLINK(1)") == "'=HYPERLINK(1)"
    assert safe_cell("+44") == "'+44"
    assert safe_cell("@SUM(A1)") == "'@SUM(A1)"
    assert safe_cell("Guy's and St Thomas'") == "Guy's and St Thomas'"
    assert safe_cell(-3) == -3


def test_csv_has_a_byte_order_mark_headers_and_escaped_rows():
    response = csv_response("things", ["Name", "Code"], [["A, B", "=1+1"]])
    body = b"".join(response.streaming_content).decode("utf-8")  # type: ignore[arg-type]  # a streaming response's chunks are bytes here
    assert response["Content-Disposition"] == 'attachment; filename="things.csv"'
    assert body.startswith("\ufeffName,Code\r\n")
    assert '"A, B",\'=1+1' in body


def test_excel_workbook_holds_the_same_table():
    response = xlsx_response("things", ["Name", "Places"], [["Nursing", 120]])
    sheet = _sheet(response.content)
    assert [[cell.value for cell in row] for row in sheet.iter_rows()] == [
        ["Name", "Places"],
        ["Nursing", 120],
    ]

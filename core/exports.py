"""CSV and Excel downloads of any table users would want in a spreadsheet."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from io import BytesIO
from typing import Any

from django.http import HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase

EXPORT_FORMATS = ("csv", "xlsx")
_FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """Neutralise text a spreadsheet would run as a formula (CSV injection)."""
    if isinstance(value, str) and value.startswith(_FORMULA_PREFIXES):
        return "'" + value
    return value


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_response(
    filename: str, headers: Sequence[str], rows: Iterable[Sequence[Any]]
) -> StreamingHttpResponse:
    writer = csv.writer(_Echo())

    def generate() -> Iterable[str]:
        yield "\ufeff"  # so Excel opens UTF-8 correctly
        yield writer.writerow(headers)
        for row in rows:
            yield writer.writerow([safe_cell(cell) for cell in row])

    response = StreamingHttpResponse(generate(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


# One sheet of a workbook: its title, its header row and its rows.
Sheet = tuple[str, Sequence[str], Iterable[Sequence[Any]]]


def xlsx_response(
    filename: str, headers: Sequence[str], rows: Iterable[Sequence[Any]], *, sheet: str = "Data"
) -> HttpResponse:
    return workbook_response(filename, [(sheet, headers, rows)])


def workbook_response(filename: str, sheets: Iterable[Sheet]) -> HttpResponse:
    """An Excel workbook of one or more sheets; formula-like cells are neutralised."""
    from openpyxl import Workbook  # imported here: it adds a quarter second to every start-up

    workbook = Workbook(write_only=True)
    for title, headers, rows in sheets:
        worksheet = workbook.create_sheet(title=title[:31])  # Excel's limit on a sheet's name
        worksheet.append(list(headers))
        for row in rows:
            worksheet.append([safe_cell(cell) for cell in row])
    buffer = BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response


def table_download(
    export_format: str, filename: str, headers: Sequence[str], rows: Iterable[Sequence[Any]]
) -> HttpResponseBase:
    if export_format == "xlsx":
        return xlsx_response(filename, headers, rows)
    return csv_response(filename, headers, rows)

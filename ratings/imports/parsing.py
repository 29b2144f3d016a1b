"""Reading a KPI file, CSV or Excel, one row at a time, with every problem it has.

Parsing is pure: bytes in, (row number, cells) out, plus errors. Row numbers are the ones a
spreadsheet shows: the header is row 1, the first value row 2. Nothing here touches the
database, so a 100,000-row file streams through without being held as objects.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from django.conf import settings
from openpyxl.utils import get_column_letter

from core.imports.archive import WorkbookLimits, unpacked_size
from core.imports.errors import ErrorList, FileRefused, RowError, check_size
from core.imports.numbers import shown
from core.imports.reading import first_bad_utf8, is_excel, position_of, read_rows
from core.imports.sheet import sheet_rows
from core.imports.xlsx import open_workbook

COLUMNS = (
    "ukprn",
    "programme_code",
    "academic_year",
    "kpi_code",
    "value",
    "numerator",
    "denominator",
)
EXAMPLE_ROW = ("10000001", "NURS-ADULT", "2025/26", "FILL", "", "118", "120")
# The page shows this many errors, the command lists this many more, and the count has them
# all: a file can have millions, which would cost the worker more memory than the file.
SHOWN_ERRORS = 1000
KEPT_ERRORS = 10_000
# How a file over the size limit can still be loaded.
SPLIT_ADVICE = "Split it into smaller files, by academic year for example."
# The most rows a file may have, its header and blank rows included: twice the 100,000 rows
# the import is measured with (see bench/). The check of a file this long runs in the worker.
MAX_ROWS = 200_000
# A KPI row has 7 cells; 10 a row allows for cells that only keep formatting.
WORKBOOK_LIMITS = WorkbookLimits(rows=MAX_ROWS, cells=10 * MAX_ROWS)
# A file that unpacks to more than this is checked by the worker, not the web request.
CHECK_IN_REQUEST_BYTES = 2 * 1024 * 1024


def max_bytes() -> int:
    """The largest file accepted; the setting may be absent (then 50 MB)."""
    return int(getattr(settings, "KPI_IMPORT_MAX_BYTES", 50 * 1024 * 1024))


def new_errors() -> ErrorList:
    """A KPI file's error list: the first ``KEPT_ERRORS`` kept (the command lists them), the
    first ``SHOWN_ERRORS`` shown on the page, and all of them counted."""
    return ErrorList(keep=KEPT_ERRORS, show=SHOWN_ERRORS)


def check_file_size(size: int) -> None:
    """Refuse a file over the limit before any of it is read."""
    check_size(size, max_bytes(), advice=SPLIT_ADVICE)


def _refused(message: str) -> FileRefused:
    return FileRefused(RowError(None, None, message))


@dataclass
class Sheet:
    """A file opened for reading: its header positions and an iterator of its value rows."""

    columns: dict[str, int]
    rows: Iterator[tuple[int, list[str]]]
    errors: ErrorList


def _header(row: int, cells: list[str], errors: ErrorList) -> dict[str, int] | None:
    """Where each column is, or None after adding an error for each problem with the header
    (the first row with a value, ``row``)."""
    before = errors.total
    positions: dict[str, int] = {}
    for index, raw in enumerate(cells):
        name = raw.strip().lstrip("\ufeff").strip().lower()
        if not name:
            continue
        if name not in COLUMNS:
            errors.add(
                row,
                raw.strip()[:40],
                f"{shown(raw.strip())} is not a column of a KPI file; the columns are "
                f"{', '.join(COLUMNS)}.",
            )
        elif name in positions:
            errors.add(row, name, f"the column {name} appears twice in the header.")
        else:
            positions[name] = index
    missing = [name for name in COLUMNS if name not in positions]
    if missing:
        plural = "s" if len(missing) > 1 else ""
        errors.add(
            row,
            None,
            f"the header is missing the column{plural} {', '.join(missing)}. The first row "
            f"must name the columns {', '.join(COLUMNS)}.",
        )
    return None if errors.total != before else positions


def _extra_cells(
    rows: Iterator[tuple[int, list[str]]], columns: dict[str, int], errors: ErrorList
) -> Iterator[tuple[int, list[str]]]:
    """The rows, after adding an error for each value in a column without a heading."""
    headed = set(columns.values())
    for row, cells in rows:
        for index, cell in enumerate(cells):
            if index not in headed and cell.strip():
                errors.add(
                    row,
                    get_column_letter(index + 1),
                    f"the cell holds {shown(cell.strip())} but its column has no heading. "
                    f"Every value belongs in one of the columns {', '.join(COLUMNS)}: move "
                    "it there or delete it.",
                )
        yield row, cells


def _opened(rows: Iterator[tuple[int, list[str]]], errors: ErrorList, empty: str) -> Sheet:
    """The sheet once its first row has been read as the header; ``empty``: the message
    for a file without any row."""
    first = next(rows, None)
    if first is None:
        if errors:
            raise FileRefused(errors.items[0])
        raise _refused(empty)
    columns = _header(*first, errors)
    if columns is None:
        return Sheet({}, iter(()), errors)
    return Sheet(columns, _extra_cells(rows, columns, errors), errors)


def open_csv(data: bytes) -> Sheet:
    if b"\x00" in data[:65536]:
        raise _refused(
            "The file contains NUL bytes, so it is not CSV text. Save it as CSV (UTF-8) or as "
            "an Excel workbook (.xlsx) and try again."
        )
    bad = first_bad_utf8(data)
    if bad is not None:
        row, _column = position_of(data[:bad].decode("utf-8"))
        raise _refused(
            f"Row {row} has a character that is not UTF-8 text (byte 0x{data[bad]:02X}). "
            "Save the file as CSV (UTF-8) and try again."
        )
    errors = new_errors()
    rows = read_rows(data, errors, max_rows=MAX_ROWS, advice=SPLIT_ADVICE)
    return _opened(rows, errors, "The file is empty.")


def open_excel(data: bytes) -> Sheet:
    workbook = open_workbook(data, WORKBOOK_LIMITS)
    if workbook.merged:
        workbook.close()
        shown_ranges = ", ".join(workbook.merged)
        more = " and more" if workbook.merged_total > len(workbook.merged) else ""
        raise _refused(
            f"The first sheet has merged cells ({shown_ranges}{more}). Unmerge them so each "
            "row has one value in each column, and try again."
        )
    empty = "The file is empty."
    if workbook.other_sheets:
        plural = "s" if workbook.other_sheets > 1 else ""
        empty = (
            f"The first sheet, {workbook.sheet_name!r}, is empty. Only the first sheet of a "
            f"workbook is read (this one has {workbook.other_sheets} other sheet{plural}): "
            "put the KPI values on the first sheet and try again."
        )
    errors = new_errors()
    return _opened(sheet_rows(workbook, errors), errors, empty)


def checked_by_worker(data: bytes, file_name: str = "") -> bool:
    """Whether a file is large enough to be checked (and imported) by the worker: a CSV
    file by its size, a workbook by what its parts unpack to (its directory says, unread).
    A file refused by its size or its directory alone is refused at once instead."""
    if len(data) > max_bytes():
        return False
    if not is_excel(data, file_name):
        return len(data) > CHECK_IN_REQUEST_BYTES
    try:
        return unpacked_size(data, WORKBOOK_LIMITS) > CHECK_IN_REQUEST_BYTES
    except FileRefused:
        return False


def open_file(data: bytes, file_name: str = "") -> Sheet:
    """The file's header and rows; ``FileRefused`` if it cannot be read at all."""
    check_file_size(len(data))
    if not data.strip():
        raise _refused("The file is empty.")
    if is_excel(data, file_name):
        return open_excel(data)
    return open_csv(data)

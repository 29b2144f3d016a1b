"""Reading a KPI file, CSV or Excel, one row at a time, with every problem it has.

Parsing is pure: bytes in, (row number, cells) out, plus errors. Row numbers are the ones a
spreadsheet shows: the header is row 1, the first value row 2. Nothing here touches the
database, so a 100,000-row file streams through without being held as objects.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.conf import settings

from core.imports.errors import ErrorList, FileRefused, RowError, check_size
from core.imports.reading import is_excel, read_rows

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
# The page shows this many errors; the command and the count show them all.
SHOWN_ERRORS = 1000
# How a file over the size limit can still be loaded.
SPLIT_ADVICE = "Split it into smaller files, by academic year for example."


def max_bytes() -> int:
    """The largest file accepted; the setting may be absent (then 50 MB)."""
    return int(getattr(settings, "KPI_IMPORT_MAX_BYTES", 50 * 1024 * 1024))


def new_errors() -> ErrorList:
    """A KPI file's error list: every error kept (the command lists them all), the first
    ``SHOWN_ERRORS`` shown on the page."""
    return ErrorList(keep=None, show=SHOWN_ERRORS)


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


def _header(cells: list[str], errors: ErrorList) -> dict[str, int] | None:
    positions: dict[str, int] = {}
    for index, raw in enumerate(cells):
        name = raw.strip().lstrip("\ufeff").strip().lower()
        if not name:
            continue
        if name not in COLUMNS:
            errors.add(
                1,
                raw.strip(),
                f"{raw.strip()!r} is not a column of a KPI file; the columns are "
                f"{', '.join(COLUMNS)}.",
            )
        elif name in positions:
            errors.add(1, name, f"the column {name} appears twice in the header.")
        else:
            positions[name] = index
    missing = [name for name in COLUMNS if name not in positions]
    if missing:
        plural = "s" if len(missing) > 1 else ""
        errors.add(
            1,
            None,
            f"the header is missing the column{plural} {', '.join(missing)}. The first row "
            f"must name the columns {', '.join(COLUMNS)}.",
        )
    return None if errors else positions


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise _refused(
            f"Row {line} has a character that is not UTF-8 text (byte 0x{data[error.start]:02X}). "
            "Save the file as CSV (UTF-8) and try again."
        ) from None


def open_csv(data: bytes) -> Sheet:
    errors = new_errors()
    if b"\x00" in data[:65536]:
        raise _refused(
            "The file contains NUL bytes, so it is not CSV text. Save it as CSV (UTF-8) or as "
            "an Excel workbook (.xlsx) and try again."
        )
    rows = read_rows(_decode(data), errors, by_line=True)
    first = next(rows, None)
    if first is None:
        if errors:
            raise _refused(errors.items[0].sentence)
        raise _refused("The file is empty.")
    columns = _header(first[1], errors)
    if columns is None:
        return Sheet({}, iter(()), errors)
    return Sheet(columns, rows, errors)


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float):
        return repr(int(value)) if value.is_integer() else repr(value)
    return str(value)


def _column_letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)


def _merged_ranges(worksheet: Any) -> list[str]:
    """The merged ranges of a read-only sheet, read from its XML (read-only mode skips them)."""
    from openpyxl.xml.functions import iterparse

    ranges = []
    with worksheet.parent._archive.open(worksheet._worksheet_path) as handle:
        for _event, element in iterparse(handle):
            if element.tag.endswith("}mergeCell"):
                ranges.append(element.get("ref", ""))
            element.clear()
    return ranges


def open_excel(data: bytes) -> Sheet:
    from openpyxl import load_workbook

    errors = new_errors()
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError):
        raise _refused(
            "The file cannot be opened as an Excel workbook. Save it as .xlsx or as CSV (UTF-8) "
            "and try again."
        ) from None
    if not workbook.worksheets:
        raise _refused("The workbook has no sheets.")
    worksheet = workbook.worksheets[0]
    merged = _merged_ranges(worksheet)
    if merged:
        shown = ", ".join(merged[:10]) + (" and more" if len(merged) > 10 else "")
        raise _refused(
            f"The first sheet has merged cells ({shown}). Unmerge them so each row has one "
            "value in each column, and try again."
        )

    def rows() -> Iterator[tuple[int, list[str]]]:
        for number, cells in enumerate(worksheet.iter_rows(), start=1):
            texts = []
            for index, cell in enumerate(cells):
                if getattr(cell, "data_type", None) == "f":
                    errors.add(
                        number,
                        _column_letter(index),
                        "the cell holds a formula. Replace formulas with their values "
                        "(copy, then paste values only) and try again.",
                    )
                    texts.append("")
                    continue
                texts.append(_cell_text(getattr(cell, "value", None)))
            if any(text.strip() for text in texts):
                yield number, texts
        workbook.close()

    iterator = rows()
    first = next(iterator, None)
    if first is None:
        raise _refused("The file is empty.")
    columns = _header(first[1], errors)
    if columns is None:
        return Sheet({}, iter(()), errors)
    return Sheet(columns, iterator, errors)


def open_file(data: bytes, file_name: str = "") -> Sheet:
    """The file's header and rows; ``FileRefused`` if it cannot be read at all."""
    check_file_size(len(data))
    if not data.strip():
        raise _refused("The file is empty.")
    if is_excel(data, file_name):
        return open_excel(data)
    return open_csv(data)

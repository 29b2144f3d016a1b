"""Reading a KPI file, CSV or Excel, one row at a time, with every problem it has.

Parsing is pure: bytes in, (row number, cells) out, plus errors. Row numbers are the ones a
spreadsheet shows: the header is row 1, the first value row 2. Nothing here touches the
database, so a 100,000-row file streams through without being held as objects.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings

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
XLSX_MAGIC = b"PK\x03\x04"


def max_bytes() -> int:
    """The largest file accepted; the setting may be absent (then 50 MB)."""
    return int(getattr(settings, "KPI_IMPORT_MAX_BYTES", 50 * 1024 * 1024))


@dataclass(frozen=True, order=True)
class RowError:
    """One problem: ``row`` and ``column`` are None when it concerns the whole file."""

    row: int | None
    column: str | None
    message: str

    @property
    def sentence(self) -> str:
        return self.message[:1].upper() + self.message[1:]

    def __str__(self) -> str:
        if self.row is None:
            return self.sentence
        where = f"Row {self.row}"
        if self.column:
            where += f", column {self.column}"
        return f"{where}: {self.message}"


@dataclass
class Errors:
    """Every error found, in file order."""

    items: list[RowError] = field(default_factory=list)

    def add(self, row: int | None, column: str | None, message: str) -> None:
        self.items.append(RowError(row, column, message))

    @property
    def total(self) -> int:
        return len(self.items)

    @property
    def shown(self) -> list[RowError]:
        return self.items[:SHOWN_ERRORS]

    @property
    def not_shown(self) -> int:
        return max(self.total - SHOWN_ERRORS, 0)

    def __bool__(self) -> bool:
        return bool(self.items)

    def __iter__(self) -> Iterator[RowError]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)


class FileRefused(Exception):
    """The file cannot be read at all; nothing in it was checked."""


def describe_size(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f}".removesuffix(".0") + " MB"
    if size >= 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size} bytes"


def check_size(size: int, limit: int | None = None) -> None:
    """Refuse a file over the limit before any of it is read."""
    limit = max_bytes() if limit is None else limit
    if size > limit:
        raise FileRefused(
            f"The file is {describe_size(size)}; the largest file accepted is "
            f"{describe_size(limit)}. Split it into smaller files, by academic year for example."
        )


def is_excel(data: bytes, file_name: str = "") -> bool:
    return data[:4] == XLSX_MAGIC or file_name.lower().endswith((".xlsx", ".xlsm"))


@dataclass
class Sheet:
    """A file opened for reading: its header positions and an iterator of its value rows."""

    columns: dict[str, int]
    rows: Iterator[tuple[int, list[str]]]
    errors: Errors


def _header(cells: list[str], errors: Errors) -> dict[str, int] | None:
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


def _csv_rows(text: str, errors: Errors) -> Iterator[tuple[int, list[str]]]:
    """Split the CSV lazily; a broken quote ends the file with an error."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    row = 0
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            errors.add(row + 1, None, f"the file cannot be read as CSV from here on ({error}).")
            return
        row = reader.line_num
        if not any(cell.strip() for cell in cells):
            continue
        yield row, cells


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise FileRefused(
            f"Row {line} has a character that is not UTF-8 text (byte 0x{data[error.start]:02X}). "
            "Save the file as CSV (UTF-8) and try again."
        ) from None


def open_csv(data: bytes) -> Sheet:
    errors = Errors()
    if b"\x00" in data[:65536]:
        raise FileRefused(
            "The file contains NUL bytes, so it is not CSV text. Save it as CSV (UTF-8) or as "
            "an Excel workbook (.xlsx) and try again."
        )
    rows = _csv_rows(_decode(data), errors)
    first = next(rows, None)
    if first is None:
        if errors:
            raise FileRefused(errors.items[0].sentence)
        raise FileRefused("The file is empty.")
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

    errors = Errors()
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError):
        raise FileRefused(
            "The file cannot be opened as an Excel workbook. Save it as .xlsx or as CSV (UTF-8) "
            "and try again."
        ) from None
    if not workbook.worksheets:
        raise FileRefused("The workbook has no sheets.")
    worksheet = workbook.worksheets[0]
    merged = _merged_ranges(worksheet)
    if merged:
        shown = ", ".join(merged[:10]) + (" and more" if len(merged) > 10 else "")
        raise FileRefused(
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
        raise FileRefused("The file is empty.")
    columns = _header(first[1], errors)
    if columns is None:
        return Sheet({}, iter(()), errors)
    return Sheet(columns, iterator, errors)


def open_file(data: bytes, file_name: str = "") -> Sheet:
    """The file's header and rows; ``FileRefused`` if it cannot be read at all."""
    check_size(len(data))
    if not data.strip():
        raise FileRefused("The file is empty.")
    if is_excel(data, file_name):
        return open_excel(data)
    return open_csv(data)

"""Reading an uploaded file's text safely: decoding, CSV records and the checks every cell gets.

Pure functions (bytes in, text and errors out), tested without the database.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Iterator

from core.imports.errors import ErrorList, FileRefused, RowError, check_size

# A cell starting with one of these is run as a formula when the file is opened in a
# spreadsheet, so an import refuses it rather than storing it for someone to export later.
FORMULA_PREFIXES = ("=", "+", "-", "@")

# Characters that reorder or hide text (bidirectional overrides) have no place in a register.
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")

# One cell longer than this is certainly not a name, an address or a code.
MAX_CELL_CHARS = 1000

XLSX_MAGIC = b"PK\x03\x04"


def is_excel(data: bytes, file_name: str = "") -> bool:
    """Whether the file is an Excel workbook (by its first bytes or its name)."""
    return data[:4] == XLSX_MAGIC or file_name.lower().endswith((".xlsx", ".xlsm"))


def _position(prefix: str) -> tuple[int, int]:
    """The 1-based row and column at the end of ``prefix``, counted the way CSV counts them."""
    try:
        rows = list(csv.reader(io.StringIO(prefix, newline="")))
    except csv.Error:  # e.g. a huge field before the problem: fall back to counting lines
        lines = prefix.splitlines(keepends=True) or [""]
        return len(lines), lines[-1].count(",") + 1
    if not rows or prefix.endswith(("\n", "\r")):
        return len(rows) + 1, 1
    return len(rows), max(len(rows[-1]), 1)


def decode(data: bytes, max_bytes: int) -> str:
    """The file's text, or ``FileRefused`` naming where the first unreadable byte is."""
    check_size(len(data), max_bytes)
    if not data.strip():
        raise FileRefused(RowError(None, None, "The file is empty."))
    if b"\x00" in data:
        row, column = _position(data[: data.index(b"\x00")].decode("utf-8", errors="replace"))
        raise FileRefused(
            RowError(
                row,
                str(column),
                "the file contains NUL bytes, so it is a binary file (such as an Excel "
                "workbook), not CSV text. Save it as CSV (UTF-8) and try again.",
            )
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        row, column = _position(data[: error.start].decode("utf-8"))
        raise FileRefused(
            RowError(
                row,
                str(column),
                f"byte 0x{data[error.start]:02X} is not UTF-8 text. Save the file as "
                "CSV (UTF-8) and try again.",
            )
        ) from None
    return text.removeprefix("\ufeff")


def read_rows(
    text: str, errors: ErrorList, *, by_line: bool = False
) -> Iterator[tuple[int, list[str]]]:
    """Yield (row number, cells) for each non-blank record; a CSV syntax error ends the file.

    Rows are counted as records, or with ``by_line`` as the line a record ends on (what a
    spreadsheet shows when no cell holds a line break).
    """
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    row = 0
    while True:
        if not by_line:
            row += 1
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            where = row + 1 if by_line else row
            errors.add(where, None, f"the file cannot be read as CSV from here on ({error}).")
            return
        if by_line:
            row = reader.line_num
        if not any(cell.strip() for cell in cells):
            continue
        yield row, cells


def cell_problem(value: str) -> str | None:
    """Why a raw cell is refused whatever column it is in, or None."""
    if len(value) > MAX_CELL_CHARS:
        return (
            f"the cell is {len(value):,} characters long; "
            f"no field is longer than {MAX_CELL_CHARS:,}."
        )
    stripped = value.strip()
    if stripped.startswith(FORMULA_PREFIXES):
        return (
            f"the cell starts with {stripped[0]!r}, which a spreadsheet runs as a formula. "
            "Remove the formula or the leading character."
        )
    for char in value:
        if char in _BIDI_CONTROLS or unicodedata.category(char) == "Cc":
            return (
                f"the cell contains a control character (U+{ord(char):04X}), such as a line "
                "break, tab or hidden text-direction mark. Remove it."
            )
    return None


def clean_text(value: str) -> str:
    """A cell as stored: spaces trimmed and runs of spaces collapsed."""
    return " ".join(value.split())

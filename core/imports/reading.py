"""Reading an uploaded CSV file safely: checking its bytes, streaming its records within limits,
and the checks every cell gets.

Pure functions (bytes in, rows and errors out), tested without the database. The file is
never decoded into one string: its records are read a line at a time, so neither a long file
nor one enormous line holds more than a record in memory.
"""

from __future__ import annotations

import codecs
import csv
import io
import unicodedata
from collections.abc import Iterator

from core.imports.errors import SPLIT_ADVICE, ErrorList, FileRefused, RowError, check_size

# A cell starting with one of these is run as a formula when the file is opened in a
# spreadsheet, so an import refuses it rather than storing it for someone to export later.
FORMULA_PREFIXES = ("=", "+", "-", "@")

# One cell longer than this is certainly not a name, an address or a code.
MAX_CELL_CHARS = 1000
# One line, and one record (which quoted line breaks may spread over several lines), longer
# than these is not a row of any import: it is refused before it is split into cells.
MAX_LINE_CHARS = 100_000
MAX_RECORD_CHARS = 1_000_000
# The most rows (blank ones included) an import reads unless it asks for fewer.
MAX_ROWS = 200_000

XLSX_MAGIC = b"PK\x03\x04"
_CHUNK = 1024 * 1024


def is_excel(data: bytes, file_name: str = "") -> bool:
    """Whether the file is an Excel workbook (by its first bytes or its name)."""
    return data[:4] == XLSX_MAGIC or file_name.lower().endswith((".xlsx", ".xlsm"))


def position_of(prefix: str) -> tuple[int, int]:
    """The 1-based row and column at the end of ``prefix``, counted the way CSV counts them."""
    try:
        rows = list(csv.reader(io.StringIO(prefix, newline="")))
    except csv.Error:  # e.g. a huge field before the problem: fall back to counting lines
        lines = prefix.splitlines(keepends=True) or [""]
        return len(lines), lines[-1].count(",") + 1
    if not rows or prefix.endswith(("\n", "\r")):
        return len(rows) + 1, 1
    return len(rows), max(len(rows[-1]), 1)


def first_bad_utf8(data: bytes) -> int | None:
    """Where the first byte that is not UTF-8 text is, or None; read a slice at a time."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    view = memoryview(data)
    for start in range(0, len(data), _CHUNK):
        pending = len(decoder.getstate()[0])
        try:
            decoder.decode(view[start : start + _CHUNK], final=start + _CHUNK >= len(data))
        except UnicodeDecodeError as error:
            return start - pending + error.start
    return None


def check_text_file(data: bytes, max_bytes: int) -> None:
    """Refuse a file that is too large, empty, binary or not UTF-8, naming where the first
    unreadable byte is."""
    check_size(len(data), max_bytes)
    if not data.strip():
        raise FileRefused(RowError(None, None, "The file is empty."))
    if b"\x00" in data:
        row, column = position_of(data[: data.index(b"\x00")].decode("utf-8", errors="replace"))
        raise FileRefused(
            RowError(
                row,
                str(column),
                "the file contains NUL bytes, so it is a binary file (such as an Excel "
                "workbook), not CSV text. Save it as CSV (UTF-8) and try again.",
            )
        )
    bad = first_bad_utf8(data)
    if bad is not None:
        row, column = position_of(data[:bad].decode("utf-8"))
        raise FileRefused(
            RowError(
                row,
                str(column),
                f"byte 0x{data[bad]:02X} is not UTF-8 text. Save the file as "
                "CSV (UTF-8) and try again.",
            )
        )


class _TooLong(Exception):
    """A line or a record over the limit: the file is not read further."""


class _Lines:
    """The file's lines, none longer than ``MAX_LINE_CHARS``, and how many characters the
    record being read has taken so far."""

    def __init__(self, data: bytes) -> None:
        self._stream = io.TextIOWrapper(io.BytesIO(data), encoding="utf-8-sig", newline="")
        self.record_chars = 0

    def __iter__(self) -> Iterator[str]:
        while line := self._stream.readline(MAX_LINE_CHARS + 1):
            self.record_chars += len(line)
            if len(line) > MAX_LINE_CHARS:
                raise _TooLong(f"a line is longer than {MAX_LINE_CHARS:,} characters")
            if self.record_chars > MAX_RECORD_CHARS:
                raise _TooLong(f"a row is longer than {MAX_RECORD_CHARS:,} characters")
            yield line


def read_rows(
    data: bytes, errors: ErrorList, *, max_rows: int = MAX_ROWS, advice: str = SPLIT_ADVICE
) -> Iterator[tuple[int, list[str]]]:
    """Yield (row number, cells) for each non-blank record of a file ``check_text_file``
    accepted. Rows are numbered as a spreadsheet numbers them: one per record, so a line
    break inside a quoted cell does not count. A CSV syntax error, an over-long line or more
    than ``max_rows`` rows (blank ones included) adds an error and ends the file."""
    lines = _Lines(data)
    reader = csv.reader(iter(lines), strict=True)
    row = 0
    while True:
        row += 1
        lines.record_chars = 0
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            errors.add(row, None, f"the file cannot be read as CSV from here on ({error}).")
            return
        except _TooLong as error:
            errors.add(row, None, f"{error}, so the file is not read from here on.")
            return
        if row > max_rows:
            errors.add(
                None,
                None,
                f"The file has more than {max_rows:,} rows; the most an import reads is "
                f"{max_rows:,}. {advice}",
            )
            return
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
    if value.isprintable():  # the usual case, checked in C: no control or format character
        return None
    return hidden_character(value)


def hidden_character(value: str) -> str | None:
    """What is wrong with the first character of ``value`` that a reader cannot see: a
    control character or an invisible format character (zero-width space, soft hyphen,
    text-direction mark). None when there is none."""
    for char in value:
        category = unicodedata.category(char)
        if category == "Cc":
            return (
                f"the cell contains a control character (U+{ord(char):04X}), such as a line "
                "break or tab. Remove it."
            )
        if category == "Cf":
            return (
                f"the cell contains an invisible character (U+{ord(char):04X}), such as a "
                "zero-width space, a soft hyphen or a hidden text-direction mark. Remove it."
            )
    return None


def clean_text(value: str) -> str:
    """A cell as stored: spaces trimmed and runs of spaces collapsed."""
    return " ".join(value.split())

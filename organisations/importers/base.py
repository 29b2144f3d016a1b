"""What every organisation import shares: its errors, its skips and reading a file safely.

Parsing is pure (bytes in, typed rows and errors out) so it is tested without the database.
Every problem is collected, not just the first, so a user can fix a file in one go.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

# Enough to fix a file by; the rest are counted.
MAX_REPORTED_ERRORS = 200

# A cell starting with one of these is run as a formula when the file is opened in a
# spreadsheet, so the import refuses it rather than storing it for someone to export later.
FORMULA_PREFIXES = ("=", "+", "-", "@")

# Characters that reorder or hide text (bidirectional overrides) have no place in a register.
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")

# One cell longer than this is certainly not an organisation's name or address.
MAX_CELL_CHARS = 1000


@dataclass(frozen=True, order=True)
class RowError:
    """A problem with the file: ``row`` and ``column`` are None when it is about the whole file."""

    row: int | None
    column: str | None
    message: str

    @property
    def sentence(self) -> str:
        """The message on its own, as a sentence."""
        return self.message[:1].upper() + self.message[1:]

    def __str__(self) -> str:
        if self.row is None:
            return self.message
        where = f"Row {self.row}"
        if self.column:
            where += f", column {self.column}"
        return f"{where}: {self.message}"


@dataclass(frozen=True)
class Skip:
    """A row that is understood but deliberately not imported, and why."""

    row: int
    code: str
    reason: str


@dataclass
class ErrorList:
    """Errors in the order found, keeping the first ``MAX_REPORTED_ERRORS`` and a count."""

    items: list[RowError] = field(default_factory=list)
    total: int = 0

    def add(self, row: int | None, column: str | None, message: str) -> None:
        self.total += 1
        if len(self.items) < MAX_REPORTED_ERRORS:
            self.items.append(RowError(row, column, message))

    def extend(self, other: ErrorList) -> None:
        for error in other.items:
            self.add(error.row, error.column, error.message)
        self.total += other.total - len(other.items)

    @property
    def not_shown(self) -> int:
        return self.total - len(self.items)

    def __bool__(self) -> bool:
        return self.total > 0

    def __iter__(self) -> Iterator[RowError]:
        return iter(self.items)

    def __len__(self) -> int:
        return self.total


class FileRefused(Exception):
    """The file cannot be read at all (too big, empty, binary or not UTF-8)."""

    def __init__(self, error: RowError) -> None:
        super().__init__(str(error))
        self.error = error


def describe_size(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f}".removesuffix(".0") + " MB"
    if size >= 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size} bytes"


def check_size(size: int, max_bytes: int) -> None:
    """Refuse a file over the limit before any of it is read."""
    if size > max_bytes:
        raise FileRefused(
            RowError(
                None,
                None,
                f"The file is {describe_size(size)}; the largest file accepted is "
                f"{describe_size(max_bytes)}. Split it into smaller files.",
            )
        )


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


def read_rows(text: str, errors: ErrorList) -> Iterator[tuple[int, list[str]]]:
    """Yield (row number, cells) for each non-blank record; a CSV syntax error ends the file."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    row = 0
    while True:
        row += 1
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            errors.add(row, None, f"the file cannot be read as CSV from here on ({error}).")
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


def summary_line(counts: dict[str, Any]) -> str:
    return ", ".join(
        f"{counts[key]:,} {key}" for key in ("created", "updated", "unchanged", "skipped")
    )

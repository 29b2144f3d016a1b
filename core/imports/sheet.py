"""The rows of a workbook's sheet as text, read as a stream (``core.imports.xlsx`` opens it).

Each row comes as (its row number, its cells' text from column A to its last value), the way
a CSV record does, so an import reads both kinds of file the same way. Rows are numbered by
the sheet's own numbers; missing rows and cells are not made up. A number is written the way
the spreadsheet shows it (shortest form, no exponent: 0.00001, not 1e-05); a number shown as
a date becomes the date; a formula is refused (its cell reads as blank).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import MAC_EPOCH, WINDOWS_EPOCH, from_excel

from core.imports.archive import LOCAL, local, parse_steps
from core.imports.errors import ErrorList, FileRefused
from core.imports.xlsx import Workbook, column_of, to_int

# No spreadsheet keeps more in one cell.
MAX_CELL_CHARS = 32_767
_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
_INTEGER = re.compile(r"-?[0-9]{1,30}")
FORMULA = (
    "the cell holds a formula. Replace formulas with their values "
    "(copy, then paste values only) and try again."
)


def number_text(text: str) -> str:
    """A number as the sheet stores it, written as the spreadsheet shows it."""
    if _INTEGER.fullmatch(text):
        return str(int(text))
    number = float(text)
    if number != number or number in (float("inf"), float("-inf")):
        return text
    exact = Decimal(repr(number))
    if exact == exact.to_integral_value():
        return str(int(exact))
    return format(exact, "f")


def date_text(number: float, date1904: bool) -> str:
    """A date serial number as the date (and time) it stands for."""
    moment = from_excel(number, MAC_EPOCH if date1904 else WINDOWS_EPOCH)
    if isinstance(moment, dt.datetime) and moment.time() == dt.time():
        return moment.date().isoformat()
    return moment.isoformat(sep=" ") if isinstance(moment, dt.datetime) else str(moment)


@dataclass
class _Reader:
    """The handlers that turn the sheet's XML into rows of text, handed on through ``ready``."""

    workbook: Workbook
    # Rows read and not yet handed on, each with its cells' problems (column, message).
    ready: list[tuple[int, list[str], list[tuple[str, str]]]] = field(default_factory=list)
    row: int = 0
    column: int = 0
    cells: dict[int, str] = field(default_factory=dict)
    problems: list[tuple[str, str]] = field(default_factory=list)
    kind: str = "n"
    style: int = 0
    formula: bool = False
    parts: list[str] = field(default_factory=list)
    chars: int = 0
    collecting: bool = False
    inline: bool = False
    phonetic: int = 0

    def handlers(self) -> dict[str, Any]:
        return {
            "StartElementHandler": self.start,
            "EndElementHandler": self.end,
            "CharacterDataHandler": self.text,
        }

    def start(self, name: str, attrs: dict[str, str]) -> None:
        tag = LOCAL.get(name) or local(name)
        if tag == "c":
            self.column = column_of(attrs.get("r"), self.column + 1)
            self.kind = attrs.get("t", "n")
            self.style = to_int(attrs.get("s"), 0)
            self.formula = self.inline = self.collecting = False
            self.parts, self.chars, self.phonetic = [], 0, 0
        elif tag == "v":
            self.collecting = True
        elif tag == "t":
            self.collecting = self.inline and self.phonetic == 0
        elif tag == "is":
            self.inline = True
        elif tag == "rPh":
            self.phonetic += 1
        elif tag == "f":
            self.formula = True
        elif tag == "row":
            self.row = to_int(attrs.get("r"), self.row + 1)
            self.column = 0
            self.cells, self.problems = {}, []

    def end(self, name: str) -> None:
        tag = LOCAL.get(name) or local(name)
        if tag in ("v", "t"):
            self.collecting = False
        elif tag == "rPh":
            self.phonetic -= 1
        elif tag == "is":
            self.inline = False
        elif tag == "c":
            self._end_cell()
        elif tag == "row":
            self._end_row()

    def text(self, data: str) -> None:
        if self.collecting and self.chars <= MAX_CELL_CHARS:
            self.parts.append(data)
            self.chars += len(data)

    def _problem(self, message: str) -> None:
        self.problems.append((get_column_letter(min(self.column, 16384)), message))

    def _end_cell(self) -> None:
        if self.column > self.workbook.limits.columns:
            return  # nothing there: the survey refused any value this far right
        if self.formula:
            self._problem(FORMULA)
            return
        if self.chars > MAX_CELL_CHARS:
            self._problem(
                f"the cell holds more than {MAX_CELL_CHARS:,} characters, more than a "
                "spreadsheet keeps in one cell.",
            )
            return
        value = self._value("".join(self.parts))
        if value:
            self.cells[self.column] = value

    def _value(self, text: str) -> str:
        if self.kind == "s":
            index = to_int(text.strip(), -1)
            if 0 <= index < len(self.workbook.strings):
                return self.workbook.strings[index]
            self._problem("the cell points at text the workbook does not have.")
            return ""
        if self.kind == "b":
            return "TRUE" if text.strip() == "1" else "FALSE"
        if self.kind != "n" or not _NUMBER.fullmatch(text.strip()):
            return text
        if self.style in self.workbook.date_styles:
            try:
                return date_text(float(text), self.workbook.date1904)
            except (OverflowError, ValueError, TypeError):
                return text.strip()
        return number_text(text.strip())

    def _end_row(self) -> None:
        values = [""] * max(self.cells, default=0)
        for column, value in self.cells.items():
            values[column - 1] = value
        if self.problems or any(value.strip() for value in values):
            self.ready.append((self.row, values, self.problems))


def sheet_rows(workbook: Workbook, errors: ErrorList) -> Iterator[tuple[int, list[str]]]:
    """Yield (row number, cells) for each row of the sheet with a value; a problem with a
    cell is added to ``errors``. Closes the workbook when done."""
    reader = _Reader(workbook)
    try:
        for _step in parse_steps(workbook.archive, workbook.sheet_part, reader.handlers()):
            ready, reader.ready = reader.ready, []
            for row, values, problems in ready:
                for column, message in problems:
                    errors.add(row, column, message)
                if any(value.strip() for value in values):
                    yield row, values
    except FileRefused as refused:  # the survey read the same part, so this is unexpected
        errors.add(refused.error.row, refused.error.column, refused.error.message)
    finally:
        workbook.close()

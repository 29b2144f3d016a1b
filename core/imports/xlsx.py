"""Opening an Excel workbook (.xlsx) for an import: which sheet to read, its shared strings
and date styles, and a first pass over the sheet that refuses it before any row is checked.

Only the first visible sheet is read (a hidden sheet is not what the user sees first). The
first pass counts rows and cells against ``WorkbookLimits`` (empty ones that keep
formatting count too: twenty million of them cost as much as twenty million values), finds
values further right than the limit and merged cells; ``core.imports.sheet`` then reads the
rows. Everything is streamed with expat (``core.imports.archive``); nothing builds the
sheet in memory.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from dataclasses import dataclass, field
from typing import Any

from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format
from openpyxl.utils import get_column_letter

from core.imports.archive import (
    LOCAL,
    NOT_A_WORKBOOK,
    WorkbookLimits,
    local,
    open_archive,
    parse_part,
    refused,
)

_REF = re.compile(r"([A-Z]{1,3})([0-9]{1,7})")
# More of these than any spreadsheet writes means the file is not a real workbook.
_MOST_RELATIONSHIPS = 10_000
_MOST_SHEETS = 1_000
_MOST_STYLES = 100_000
_MOST_SHOWN_MERGES = 10
HIDDEN = frozenset({"hidden", "veryHidden"})


def to_int(text: str | None, default: int) -> int:
    """A whole number written in the file, or ``default`` when it is not one."""
    if text is not None and text.isascii() and text.isdigit() and len(text) < 10:
        return int(text)
    return default


def column_of(ref: str | None, default: int) -> int:
    """The 1-based column of a cell reference such as "AB12", or ``default``."""
    if ref and len(ref) > 2 and "A" <= ref[0] <= "Z":  # the usual cases, without a pattern
        if "0" <= ref[1] <= "9":
            return ord(ref[0]) - 64
        if "A" <= ref[1] <= "Z" and "0" <= ref[2] <= "9":
            return (ord(ref[0]) - 64) * 26 + ord(ref[1]) - 64
    match = _REF.fullmatch(ref or "")
    if match is None:
        return default
    number = 0
    for letter in match.group(1):
        number = number * 26 + ord(letter) - 64
    return number


# A part's relationships: id -> (type, the part it points at).
Relationships = dict[str, tuple[str, str]]


def _resolve(folder: str, target: str) -> str:
    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join(folder, target))


def relationships(archive: zipfile.ZipFile, part: str) -> Relationships:
    """A part's relationships: id -> (type, the part it points at)."""
    folder, _, base = part.rpartition("/")
    rels = f"{folder}/_rels/{base}.rels" if folder else f"_rels/{base}.rels"
    found: Relationships = {}

    def start(name: str, attrs: dict[str, str]) -> None:
        if local(name) == "Relationship" and attrs.get("TargetMode") != "External":
            found[attrs.get("Id", "")] = (
                attrs.get("Type", ""),
                _resolve(folder, attrs.get("Target", "")),
            )
            if len(found) > _MOST_RELATIONSHIPS:
                raise refused(NOT_A_WORKBOOK)

    parse_part(archive, rels, {"StartElementHandler": start})
    return found


def _of_type(rels: Relationships, kind: str) -> str | None:
    return next((target for type_, target in rels.values() if type_.endswith(kind)), None)


@dataclass
class Sheets:
    """The workbook's sheets in order, (name, state, relationship id), and its date system."""

    sheets: list[tuple[str, str, str]] = field(default_factory=list)
    date1904: bool = False

    def start(self, name: str, attrs: dict[str, str]) -> None:
        tag = local(name)
        if tag == "sheet":
            rid = next(
                (value for key, value in attrs.items() if " " in key and local(key) == "id"), ""
            )
            self.sheets.append((attrs.get("name", "")[:100], attrs.get("state", "visible"), rid))
            if len(self.sheets) > _MOST_SHEETS:
                raise refused(NOT_A_WORKBOOK)
        elif tag == "workbookPr":
            self.date1904 = attrs.get("date1904", "") in ("1", "true")


@dataclass
class SharedStrings:
    """The shared strings table: each entry's text (its runs joined, phonetic guides left
    out), within the limits on entries and characters."""

    limits: WorkbookLimits
    strings: list[str] = field(default_factory=list)
    parts: list[str] = field(default_factory=list)
    chars: int = 0
    in_text: bool = False
    phonetic: int = 0

    def start(self, name: str, _attrs: dict[str, str]) -> None:
        tag = local(name)
        if tag == "si":
            self.parts = []
        elif tag == "t":
            self.in_text = self.phonetic == 0
        elif tag == "rPh":
            self.phonetic += 1

    def end(self, name: str) -> None:
        tag = local(name)
        if tag == "t":
            self.in_text = False
        elif tag == "rPh":
            self.phonetic -= 1
        elif tag == "si":
            self.strings.append("".join(self.parts))
            if len(self.strings) > self.limits.strings:
                raise refused(
                    f"The workbook has more than {self.limits.strings:,} different pieces of "
                    "text; an import file has far fewer. Split the file into smaller ones."
                )

    def text(self, data: str) -> None:
        if self.in_text:
            self.parts.append(data)
            self.chars += len(data)
            if self.chars > self.limits.string_chars:
                raise refused(
                    f"The workbook holds more than {self.limits.string_chars:,} characters of "
                    "text; an import file holds far fewer. Split the file into smaller ones."
                )


@dataclass
class Styles:
    """Which cell styles show a number as a date."""

    formats: dict[int, str] = field(default_factory=dict)
    cell_formats: list[int] = field(default_factory=list)
    in_cell_xfs: bool = False

    def start(self, name: str, attrs: dict[str, str]) -> None:
        tag = local(name)
        if tag == "numFmt":
            self.formats[to_int(attrs.get("numFmtId"), -1)] = attrs.get("formatCode", "")[:255]
        elif tag == "cellXfs":
            self.in_cell_xfs = True
        elif tag == "xf" and self.in_cell_xfs:
            self.cell_formats.append(to_int(attrs.get("numFmtId"), 0))
        if len(self.formats) + len(self.cell_formats) > _MOST_STYLES:
            raise refused(NOT_A_WORKBOOK)

    def end(self, name: str) -> None:
        if local(name) == "cellXfs":
            self.in_cell_xfs = False

    def date_styles(self) -> frozenset[int]:
        return frozenset(
            index
            for index, format_id in enumerate(self.cell_formats)
            if is_date_format(self.formats.get(format_id) or BUILTIN_FORMATS.get(format_id))
        )


@dataclass
class Survey:
    """The first pass over the sheet: rows and cells counted against the limits, values
    beyond the last column allowed, and merged ranges."""

    limits: WorkbookLimits
    rows: int = 0
    cells: int = 0
    column: int = 0
    # A cell beyond the last column allowed, until the next element shows whether it has a
    # value (a value's element comes first inside a cell; anything else means it has none).
    far: str | None = None
    merged: list[str] = field(default_factory=list)
    merged_total: int = 0

    def start(self, name: str, attrs: dict[str, str]) -> None:
        tag = LOCAL.get(name) or local(name)
        if tag == "c":  # the commonest element first
            self.cells += 1
            if self.cells > self.limits.cells:
                raise refused(
                    f"The sheet has more than {self.limits.cells:,} cells, counting empty ones "
                    "that keep formatting. Clear the formatting of the cells you do not use, "
                    "or split the file into smaller ones."
                )
            ref = attrs.get("r")
            self.column = column_of(ref, self.column + 1)
            self.far = (
                (ref or f"column {self.column}") if self.column > self.limits.columns else None
            )
        elif self.far is not None:  # the element after a cell beyond the last column
            if tag in ("v", "is", "f"):
                last = get_column_letter(self.limits.columns)
                raise refused(
                    f"Cell {self.far[:12]} has a value, but values may only be in the first "
                    f"{self.limits.columns} columns (A to {last}). Delete what is to the "
                    "right of your data and try again."
                )
            self.far = None  # it was empty
            self.start(name, attrs)
        elif tag == "row":
            self.rows += 1
            self.column = 0
            if self.rows > self.limits.rows:
                raise refused(
                    f"The sheet has more than {self.limits.rows:,} rows, counting empty ones "
                    f"that keep formatting; the most an import reads is {self.limits.rows:,}. "
                    "Delete the rows below your data, or split the file into smaller ones."
                )
        elif tag == "mergeCell":
            self.merged_total += 1
            if len(self.merged) < _MOST_SHOWN_MERGES:
                self.merged.append(attrs.get("ref", "")[:30])


@dataclass
class Workbook:
    """A workbook opened for reading: its first visible sheet and what reading it needs."""

    archive: zipfile.ZipFile
    limits: WorkbookLimits
    sheet_name: str
    sheet_part: str
    other_sheets: int
    strings: list[str]
    date_styles: frozenset[int]
    date1904: bool
    merged: list[str]
    merged_total: int

    def close(self) -> None:
        self.archive.close()


def _first_visible(archive: zipfile.ZipFile) -> tuple[Relationships, str, int, str, Sheets]:
    """The workbook's relationships, the first visible sheet's name, how many other sheets
    there are, the sheet's part, and the sheets."""
    workbook_part = _of_type(relationships(archive, ""), "/officeDocument") or "xl/workbook.xml"
    sheets = Sheets()
    parse_part(archive, workbook_part, {"StartElementHandler": sheets.start})
    visible = [sheet for sheet in sheets.sheets if sheet[1] not in HIDDEN]
    if not visible:
        raise refused("The workbook has no visible sheets. Show the sheet with the values.")
    name, _state, rid = visible[0]
    rels = relationships(archive, workbook_part)
    kind, part = rels.get(rid, ("", ""))
    if not kind.endswith("/worksheet"):
        raise refused(
            f"The first sheet, {name!r}, is not a sheet of cells (it may be a chart). Put the "
            "values on the first sheet and try again."
        )
    return rels, name, len(sheets.sheets) - 1, part, sheets


def open_workbook(data: bytes, limits: WorkbookLimits) -> Workbook:
    """The workbook, checked and surveyed; ``FileRefused`` saying why it cannot be read."""
    archive = open_archive(data, limits)
    try:
        rels, name, others, sheet_part, sheets = _first_visible(archive)
        strings = SharedStrings(limits)
        if (strings_part := _of_type(rels, "/sharedStrings")) is not None:
            handlers: dict[str, Any] = {
                "StartElementHandler": strings.start,
                "EndElementHandler": strings.end,
                "CharacterDataHandler": strings.text,
            }
            parse_part(archive, strings_part, handlers)
        styles = Styles()
        if (styles_part := _of_type(rels, "/styles")) is not None:
            handlers = {"StartElementHandler": styles.start, "EndElementHandler": styles.end}
            parse_part(archive, styles_part, handlers)
        survey = Survey(limits)
        parse_part(archive, sheet_part, {"StartElementHandler": survey.start})
    except BaseException:
        archive.close()
        raise
    return Workbook(
        archive=archive,
        limits=limits,
        sheet_name=name,
        sheet_part=sheet_part,
        other_sheets=others,
        strings=strings.strings,
        date_styles=styles.date_styles(),
        date1904=sheets.date1904,
        merged=survey.merged,
        merged_total=survey.merged_total,
    )

"""Read an NHS ODS trust extract: headerless CSV, 24 columns a record, names in capitals.

This module does not touch the database: the caller passes the region letters it knows.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection
from dataclasses import dataclass, field

from core.imports.errors import ErrorList, FileRefused
from core.imports.reading import cell_problem, check_text_file, clean_text, read_rows
from organisations.imports.naming import proper_case
from organisations.models import ProviderType

COLUMN_COUNT = 24
CODE, NAME, POSTCODE, OPENED, CLOSED, REGION = 1, 2, 10, 11, 12, 24
ADDRESS_LINES = range(5, 10)

COLUMN_NAMES = {
    1: "organisation code",
    2: "name",
    3: "national grouping",
    4: "health geography",
    5: "address line 1",
    6: "address line 2",
    7: "address line 3",
    8: "address line 4",
    9: "address line 5",
    10: "postcode",
    11: "open date",
    12: "close date",
    22: "amended record indicator",
    24: "government office region",
}

# Government office region letters outside England: understood, and skipped.
OUT_OF_SCOPE_REGIONS = {"W": "Wales", "S": "Scotland", "N": "Northern Ireland"}

CODE_PATTERN = re.compile(r"^[A-Z0-9]{3,10}$")
POSTCODE_PATTERN = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?) ?([0-9][A-Z]{2})$")
MAX_NAME = 200
# England has a few hundred trusts: a longer extract is not one, and is refused unread.
MAX_ROWS = 50_000


def column_label(number: int) -> str:
    name = COLUMN_NAMES.get(number, "unused")
    return f"{number} ({name})"


@dataclass(frozen=True)
class Skip:
    """A row that is understood but deliberately not imported, and why."""

    row: int
    code: str
    reason: str


@dataclass(frozen=True)
class OdsRecord:
    """One in-scope, complete trust from the extract, cleaned and ready to compare."""

    row: int
    ods_code: str
    name: str
    address: str
    postcode: str
    opened_on: dt.date
    closed_on: dt.date | None
    region_letter: str


@dataclass
class OdsParse:
    """Everything read from one extract."""

    rows: int = 0
    records: list[OdsRecord] = field(default_factory=list)
    skips: list[Skip] = field(default_factory=list)
    errors: ErrorList = field(default_factory=ErrorList)


# Checked in order; the first pattern found in the upper-case name decides. See docs/imports.md.
PROVIDER_TYPE_RULES: list[tuple[re.Pattern[str], ProviderType]] = [
    (re.compile(r"\bAMBULANCE\b"), ProviderType.AMBULANCE),
    (re.compile(r"\bMENTAL HEALTH\b|\bPARTNERSHIP\b"), ProviderType.MENTAL_HEALTH),
    (re.compile(r"\bCOMMUNITY\b|\bHEALTH AND CARE\b|\bCARE SERVICES\b"), ProviderType.COMMUNITY),
    (re.compile(r"(?<!HEALTH )\bCARE NHS\b"), ProviderType.MENTAL_HEALTH),
]


def infer_provider_type(name: str) -> ProviderType:
    """A first guess at a trust's type from its name; acute when nothing else fits."""
    upper = " ".join(name.upper().split())
    for pattern, provider_type in PROVIDER_TYPE_RULES:
        if pattern.search(upper):
            return provider_type
    return ProviderType.ACUTE


def _date(value: str, row: int, column: int, errors: ErrorList) -> dt.date | None:
    if not value:
        return None
    if re.fullmatch(r"\d{8}", value):
        try:
            return dt.date(int(value[:4]), int(value[4:6]), int(value[6:]))
        except ValueError:
            pass
    errors.add(
        row,
        column_label(column),
        f"{value!r} is not a date in the form YYYYMMDD (for example 20110401).",
    )
    return None


def _postcode(value: str, row: int, errors: ErrorList) -> str:
    if not value:
        return ""
    match = POSTCODE_PATTERN.match(value.upper())
    if not match:
        errors.add(row, column_label(POSTCODE), f"{value!r} is not a UK postcode.")
        return ""
    return f"{match.group(1)} {match.group(2)}"


def parse_ods(data: bytes, *, region_letters: Collection[str], max_bytes: int) -> OdsParse:
    """Parse an extract's bytes; ``region_letters`` are the England regions the caller maps."""
    result = OdsParse()
    try:
        check_text_file(data, max_bytes)
    except FileRefused as refused:
        column = refused.error.column
        if column and column.isdigit():
            column = column_label(int(column))
        result.errors.add(refused.error.row, column, refused.error.message)
        return result
    seen: dict[str, int] = {}
    for row, cells in read_rows(data, result.errors, max_rows=MAX_ROWS):
        result.rows += 1
        _parse_row(row, cells, region_letters, seen, result)
    if result.rows == 0 and not result.errors:
        result.errors.add(None, None, "The file has no records.")
    return result


def _parse_row(
    row: int, cells: list[str], letters: Collection[str], seen: dict[str, int], result: OdsParse
) -> None:
    errors = ErrorList()
    if len(cells) != COLUMN_COUNT:
        result.errors.add(
            row,
            None,
            f"expected {COLUMN_COUNT} columns, found {len(cells)}. An ODS extract has "
            f"{COLUMN_COUNT} comma-separated columns and no header row.",
        )
        return
    value: dict[int, str] = {}
    refused: set[int] = set()
    for number, cell in enumerate(cells, start=1):
        problem = cell_problem(cell)
        if problem:
            errors.add(row, column_label(number), problem)
            refused.add(number)  # reported once; later checks see an empty cell
        value[number] = "" if problem else clean_text(cell)

    code = _code(row, value[CODE], CODE in refused, seen, errors)
    name = _name(row, value[NAME], NAME in refused, errors)
    postcode = _postcode(value[POSTCODE], row, errors)
    opened_on = _date(value[OPENED], row, OPENED, errors)
    closed_on = _date(value[CLOSED], row, CLOSED, errors)
    if opened_on and closed_on and closed_on < opened_on:
        errors.add(
            row,
            column_label(CLOSED),
            f"the close date {value[CLOSED]} is before the open date {value[OPENED]}.",
        )
    letter = value[REGION].upper()
    if letter and letter not in letters and letter not in OUT_OF_SCOPE_REGIONS:
        known = ", ".join(sorted(letters))
        errors.add(
            row,
            column_label(REGION),
            f"{value[REGION]!r} is not a government office region code we know "
            f"({known}, or W for Wales).",
        )
    if errors:
        result.errors.extend(errors)
        return
    reason = _skip_reason(letter, opened_on)
    if reason is not None or opened_on is None:
        result.skips.append(Skip(row, code, reason or "incomplete: no open date"))
        return
    address = ", ".join(proper_case(value[number]) for number in ADDRESS_LINES if value[number])
    result.records.append(
        OdsRecord(row, code, name, address, postcode, opened_on, closed_on, letter)
    )


def _code(row: int, code: str, refused: bool, seen: dict[str, int], errors: ErrorList) -> str:
    """The organisation code, after adding an error if it is missing, malformed or repeated."""
    if refused:
        pass
    elif not code:
        errors.add(row, column_label(CODE), "the organisation code is missing.")
    elif not CODE_PATTERN.match(code):
        errors.add(
            row,
            column_label(CODE),
            f"{code!r} is not an ODS code: use 3 to 10 capital letters and digits, like RJ1.",
        )
    elif code in seen:
        errors.add(
            row,
            column_label(CODE),
            f"{code} is also on row {seen[code]}: each organisation may appear only once.",
        )
    else:
        seen[code] = row
    return code


def _name(row: int, cell: str, refused: bool, errors: ErrorList) -> str:
    """The name in proper case, after adding an error if it is missing or too long."""
    name = proper_case(cell)
    if refused:
        pass
    elif not name:
        errors.add(row, column_label(NAME), "the name is missing.")
    elif len(name) > MAX_NAME:
        errors.add(row, column_label(NAME), f"the name is longer than {MAX_NAME} characters.")
    return name


def _skip_reason(letter: str, opened_on: dt.date | None) -> str | None:
    """Why a valid row is not imported (out of scope or incomplete), or None."""
    if letter in OUT_OF_SCOPE_REGIONS:
        return f"out of scope: {OUT_OF_SCOPE_REGIONS[letter]}"
    missing = [
        label
        for label, present in (("no region code", letter), ("no open date", opened_on))
        if not present
    ]
    return "incomplete: " + ", ".join(missing) if missing else None

"""Read education providers from a CSV file with the header ``ukprn,name,region``.

This module does not touch the database: the caller passes the region names and codes.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from core.imports.errors import ErrorList, FileRefused
from core.imports.reading import cell_problem, check_text_file, clean_text, read_rows

HEADER = ("ukprn", "name", "region")
UKPRN_PATTERN = re.compile(r"^1\d{7}$")
MAX_NAME = 200
# The register has a few hundred education providers: a longer file is refused unread.
MAX_ROWS = 50_000


@dataclass(frozen=True)
class ProviderRecord:
    """One education provider from the file, cleaned."""

    row: int
    ukprn: str
    name: str
    region_code: str


@dataclass
class ProvidersParse:
    """Everything read from one providers file."""

    rows: int = 0
    records: list[ProviderRecord] = field(default_factory=list)
    errors: ErrorList = field(default_factory=ErrorList)
    ukprn_column: str = "1 (ukprn)"


def _header(row: int, cells: list[str], errors: ErrorList) -> dict[str, int] | None:
    """Map each expected column to its position, or report what is wrong with the header."""
    positions: dict[str, int] = {}
    for number, cell in enumerate(cells, start=1):
        problem = cell_problem(cell)
        name = clean_text(cell).lower()
        label = f"{number} ({clean_text(cell)[:40] or 'blank'})"
        if problem:
            errors.add(row, label, problem)
        elif name not in HEADER:
            errors.add(
                row,
                label,
                f"unexpected column {clean_text(cell)[:40]!r}: the header must be "
                "ukprn, name, region and nothing else.",
            )
        elif name in positions:
            errors.add(row, label, f"the column {name!r} appears twice in the header.")
        else:
            positions[name] = number
    for name in HEADER:
        if name not in positions:
            errors.add(row, None, f"the header row has no {name!r} column.")
    return None if errors else positions


def parse_providers(data: bytes, *, regions: Mapping[str, str], max_bytes: int) -> ProvidersParse:
    """Parse the file; ``regions`` maps each lower-case region name and code to its code."""
    result = ProvidersParse()
    try:
        check_text_file(data, max_bytes)
    except FileRefused as refused:
        result.errors.add(refused.error.row, refused.error.column, refused.error.message)
        return result
    rows = read_rows(data, result.errors, max_rows=MAX_ROWS)
    first = next(rows, None)
    if first is None:
        if not result.errors:
            result.errors.add(None, None, "The file has no header row.")
        return result
    positions = _header(*first, result.errors)
    if positions is None:
        return result
    result.ukprn_column = f"{positions['ukprn']} (ukprn)"
    seen: dict[str, int] = {}
    for row, cells in rows:
        result.rows += 1
        _parse_row(row, cells, positions, regions, seen, result)
    if result.rows == 0 and not result.errors:
        result.errors.add(None, None, "The file has a header row but no education providers.")
    return result


def _parse_row(
    row: int,
    cells: list[str],
    positions: dict[str, int],
    regions: Mapping[str, str],
    seen: dict[str, int],
    result: ProvidersParse,
) -> None:
    def label(name: str) -> str:
        return f"{positions[name]} ({name})"

    if len(cells) != len(positions):
        result.errors.add(
            row, None, f"expected {len(positions)} columns like the header, found {len(cells)}."
        )
        return
    errors = ErrorList()
    value: dict[str, str] = {}
    refused: set[str] = set()
    for name in HEADER:
        problem = cell_problem(cells[positions[name] - 1])
        if problem:
            errors.add(row, label(name), problem)
            refused.add(name)  # reported once; later checks leave the cell alone
        value[name] = "" if problem else clean_text(cells[positions[name] - 1])

    ukprn = _ukprn(row, value["ukprn"], "ukprn" in refused, label("ukprn"), seen, errors)

    name = value["name"]
    if "name" in refused:
        pass
    elif not name:
        errors.add(row, label("name"), "the name is missing.")
    elif len(name) > MAX_NAME:
        errors.add(row, label("name"), f"the name is longer than {MAX_NAME} characters.")

    region_code = regions.get(value["region"].lower())
    if "region" in refused:
        pass
    elif not value["region"]:
        errors.add(row, label("region"), "the region is missing.")
    elif region_code is None:
        errors.add(
            row,
            label("region"),
            f"{value['region']!r} is not a region: use a region's name or code, "
            "like London or LON.",
        )
    if errors or region_code is None:
        result.errors.extend(errors)
        return
    result.records.append(ProviderRecord(row, ukprn, name, region_code))


def _ukprn(
    row: int, ukprn: str, refused: bool, column: str, seen: dict[str, int], errors: ErrorList
) -> str:
    """The UKPRN, after adding an error if it is missing, malformed or repeated."""
    if refused:
        pass
    elif not ukprn:
        errors.add(row, column, "the UKPRN is missing.")
    elif not UKPRN_PATTERN.match(ukprn):
        errors.add(row, column, f"{ukprn!r} is not a UKPRN: use 8 digits starting with 1.")
    elif ukprn in seen:
        errors.add(
            row,
            column,
            f"{ukprn} is also on row {seen[ukprn]}: each provider may appear only once.",
        )
    else:
        seen[ukprn] = row
    return ukprn

"""Reading a workbook for an import: ordinary files read as rows of text, and every hostile
or broken one refused with a message before it costs memory or time (parts that unpack to
far more than their size, a directory that lies, DTDs and entities, millions of blank rows
or cells, values far to the right)."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import replace
from typing import Any

import pytest
from openpyxl import Workbook as OpenpyxlWorkbook
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont
from openpyxl.styles import Font

from core.imports import archive
from core.imports.archive import WorkbookLimits, unpacked_size
from core.imports.errors import ErrorList, FileRefused
from core.imports.sheet import number_text, sheet_rows
from core.imports.xlsx import open_workbook
from core.testing.workbooks import (
    MAIN,
    declare_size,
    row_xml,
    sheet_xml,
    workbook,
    workbook_parts,
    zip_bytes,
)

LIMITS = WorkbookLimits()


def read(data: bytes, limits: WorkbookLimits = LIMITS) -> tuple[list[Any], list[str]]:
    errors = ErrorList()
    rows = list(sheet_rows(open_workbook(data, limits), errors))
    return rows, [str(error) for error in errors]


def refusal(data: bytes, limits: WorkbookLimits = LIMITS) -> str:
    with pytest.raises(FileRefused) as refused:
        open_workbook(data, limits)
    return str(refused.value)


class CountingParser:
    """An expat parser that counts the bytes it is given."""

    fed: list[int] = []

    def __init__(self, parser: Any) -> None:
        self.parser = parser
        CountingParser.fed.append(0)

    def Parse(self, data: bytes, final: bool) -> Any:
        CountingParser.fed[-1] += len(data)
        return self.parser.Parse(data, final)


@pytest.fixture
def parsed(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many bytes each part parsed was fed, in order."""
    real = archive.new_parser
    CountingParser.fed = []
    monkeypatch.setattr(archive, "new_parser", lambda handlers: CountingParser(real(handlers)))
    return CountingParser.fed


def saved(book: OpenpyxlWorkbook) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


# Ordinary workbooks.
def test_a_workbook_saved_by_a_spreadsheet_is_read_as_rows_of_text() -> None:
    book = OpenpyxlWorkbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["code", "value", "when", "flag", "note"])
    sheet.append(["NSS", 84.5, dt.datetime(2025, 9, 1), True, "shared text"])
    sheet.append(
        ["TINY", 0.00001, None, False, CellRichText("rich ", TextBlock(InlineFont(b=True), "text"))]
    )
    sheet["A5"] = "after a blank row"
    sheet["A5"].font = Font(bold=True)

    rows, errors = read(saved(book))

    assert rows == [
        (1, ["code", "value", "when", "flag", "note"]),
        (2, ["NSS", "84.5", "2025-09-01", "TRUE", "shared text"]),
        (3, ["TINY", "0.00001", "", "FALSE", "rich text"]),
        (5, ["after a blank row"]),
    ]
    assert errors == []


@pytest.mark.parametrize(
    ("stored", "shown"),
    [
        ("110", "110"),
        ("110.0", "110"),
        ("84.299999999999997", "84.3"),
        ("1.0000000000000001E-5", "0.00001"),
        ("1E+20", "100000000000000000000"),
        ("-0", "0"),
        ("12345678901234567890", "12345678901234567890"),
    ],
)
def test_a_number_is_written_as_the_spreadsheet_shows_it(stored: str, shown: str) -> None:
    assert number_text(stored) == shown


def test_only_the_first_visible_sheet_is_read() -> None:
    parts = workbook_parts(
        [
            ("Old", b"".join(sheet_xml([row_xml(1, "hidden")]))),
            ("Older", b"".join(sheet_xml([row_xml(1, "very hidden")]))),
            ("Values", b"".join(sheet_xml([row_xml(1, "shown")]))),
            ("Notes", b"".join(sheet_xml([row_xml(1, "later")]))),
        ],
        states={"Old": "hidden", "Older": "veryHidden"},
    )

    book = open_workbook(zip_bytes(parts), LIMITS)

    assert (book.sheet_name, book.other_sheets) == ("Values", 3)
    assert list(sheet_rows(book, ErrorList())) == [(1, ["shown"])]


def test_a_workbook_without_a_visible_sheet_is_refused() -> None:
    parts = workbook_parts([("Old", b"".join(sheet_xml([])))], states={"Old": "hidden"})
    assert refusal(zip_bytes(parts)) == (
        "The workbook has no visible sheets. Show the sheet with the values."
    )


def test_formulas_missing_shared_text_and_overlong_cells_are_named_by_cell() -> None:
    cells = (
        '<row r="3"><c r="A3"><f>1+1</f><v>2</v></c><c r="B3" t="s"><v>7</v></c>'
        f'<c r="C3" t="inlineStr"><is><t>{"x" * 40_000}</t></is></c><c r="D3"><v>4</v></c></row>'
    )
    rows, errors = read(zip_bytes(workbook_parts([("S", b"".join(sheet_xml([cells])))])))

    assert rows == [(3, ["", "", "", "4"])]
    assert errors == [
        "Row 3, column A: the cell holds a formula. Replace formulas with their values "
        "(copy, then paste values only) and try again.",
        "Row 3, column B: the cell points at text the workbook does not have.",
        "Row 3, column C: the cell holds more than 32,767 characters, more than a spreadsheet "
        "keeps in one cell.",
    ]


# Parts that would unpack to too much: refused from the directory, before any parsing.
def test_a_part_packed_more_tightly_than_a_spreadsheet_packs_is_refused_unparsed(
    parsed: list[int],
) -> None:
    bomb = b"<sst>" + b"<si><t>" + b"A" * 3_000_000 + b"</t></si></sst>"  # packs to ~3 KB
    data = zip_bytes(workbook_parts([("S", b"".join(sheet_xml([])))], shared_strings=bomb))

    message = refusal(data)

    assert message.startswith("Part of the workbook (xl/strings.xml) unpacks to 2.9 MB from ")
    assert "more than 100 times its packed size" in message
    assert parsed == []


def test_a_part_declared_larger_than_the_limit_is_refused_unparsed(parsed: list[int]) -> None:
    data = declare_size(workbook([("a",)]), "xl/worksheets/sheet1.xml", 200 * 1024 * 1024)

    assert refusal(data) == (
        "Part of the workbook (xl/worksheets/sheet1.xml) unpacks to 200 MB; no part may be "
        "larger than 128 MB. Split the file into smaller ones."
    )
    assert parsed == []


def test_parts_too_many_or_too_large_together_are_refused_unparsed(parsed: list[int]) -> None:
    data = workbook([("a",)])

    assert "The workbook has 5 parts; a workbook has at most 4." in refusal(
        data, replace(LIMITS, parts=4)
    )
    assert refusal(data, replace(LIMITS, total_bytes=500)).startswith(
        "The workbook unpacks to more than 500 bytes."
    )
    assert parsed == []
    assert unpacked_size(data, LIMITS) > 500


def test_a_part_that_holds_more_than_its_directory_says_is_never_read_past_that(
    parsed: list[int],
) -> None:
    rows = (row_xml(number, "x" * 50) for number in range(1, 20_001))
    honest = zip_bytes(workbook_parts([("S", sheet_xml(rows))]))
    lying = declare_size(honest, "xl/worksheets/sheet1.xml", 10_000)

    message = refusal(lying)

    assert message.startswith("The workbook is damaged: its part xl/worksheets/sheet1.xml")
    assert parsed[-1] <= 10_000


def test_a_password_protected_workbook_is_refused_with_what_to_do() -> None:
    data = bytearray(workbook([("a",)]))
    entry = data.index(b"PK\x01\x02")
    data[entry + 8] |= 0x1
    assert refusal(bytes(data)) == (
        "The workbook is protected with a password. Save a copy without the password and try again."
    )


# XML that no spreadsheet writes.
DTD = "The workbook contains a document type declaration (DTD)"


@pytest.mark.parametrize(
    "prologue",
    [
        '<!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaa">]>',
        '<!DOCTYPE worksheet SYSTEM "file:///etc/passwd">',
        "<!DOCTYPE worksheet>",
    ],
)
def test_a_sheet_with_a_dtd_is_refused_with_a_message(prologue: str) -> None:
    part = f'<?xml version="1.0"?>{prologue}<worksheet xmlns="{MAIN}"><sheetData/></worksheet>'
    assert refusal(zip_bytes(workbook_parts([("S", part)]))).startswith(DTD)


def test_a_billion_laughs_in_the_shared_strings_is_refused_before_it_grows(
    parsed: list[int],
) -> None:
    laughs = ['<!ENTITY l0 "ha">'] + [
        f'<!ENTITY l{n} "{f"&l{n - 1};" * 10}">' for n in range(1, 10)
    ]
    strings = (
        f'<?xml version="1.0"?><!DOCTYPE sst [{"".join(laughs)}]><sst><si><t>&l9;</t></si></sst>'
    )
    data = zip_bytes(workbook_parts([("S", b"".join(sheet_xml([])))], shared_strings=strings))

    assert refusal(data).startswith(DTD)


def test_an_undeclared_entity_or_broken_xml_is_named_as_damage() -> None:
    part = f'<worksheet xmlns="{MAIN}"><sheetData><row r="1">&boom;</row></sheetData></worksheet>'
    assert refusal(zip_bytes(workbook_parts([("S", part)]))) == (
        "The workbook is damaged: its part xl/worksheets/sheet1.xml is not well-formed XML "
        "(line 1). Save it again from your spreadsheet, or as CSV (UTF-8), and try again."
    )
    assert refusal(b"PK\x03\x04 not a zip").startswith("The file cannot be opened as an Excel")


# Sheets that would take too long: stopped at the limit, long before the end.
def test_millions_of_blank_rows_are_stopped_at_the_row_limit(parsed: list[int]) -> None:
    blank = (
        "".join(f'<row r="{n}" s="1" customFormat="1"/>' for n in range(start, start + 100_000))
        for start in range(1, 2_000_001, 100_000)
    )  # two million rows, written in blocks
    data = zip_bytes(workbook_parts([("S", sheet_xml(blank))]))
    limits = replace(LIMITS, rows=1000, ratio=10_000)
    size = unpacked_size(data, limits)

    assert refusal(data, limits) == (
        "The sheet has more than 1,000 rows, counting empty ones that keep formatting; the "
        "most an import reads is 1,000. Delete the rows below your data, or split the file "
        "into smaller ones."
    )
    assert size > 60_000_000 and parsed[-1] < 1_000_000  # stopped within the first chunks


def test_a_row_of_countless_empty_cells_is_stopped_at_the_cell_limit(parsed: list[int]) -> None:
    cells = "".join(f'<c r="{column}1" s="1"/>' for column in ("A", "B", "C") * 2000)
    data = zip_bytes(workbook_parts([("S", b"".join(sheet_xml([f'<row r="1">{cells}</row>'])))]))

    assert refusal(data, replace(LIMITS, cells=1000)).startswith(
        "The sheet has more than 1,000 cells, counting empty ones that keep formatting."
    )


def test_a_value_beyond_the_last_column_allowed_is_refused_and_formatting_there_is_not() -> None:
    formatted = '<row r="1"><c r="A1"><v>1</v></c><c r="XFD1" s="2"/></row>'
    assert read(zip_bytes(workbook_parts([("S", b"".join(sheet_xml([formatted])))]))) == (
        [(1, ["1"])],
        [],
    )
    valued = '<row r="2"><c r="A2"><v>1</v></c><c r="XFD2"><v>5</v></c></row>'
    assert refusal(zip_bytes(workbook_parts([("S", b"".join(sheet_xml([valued])))]))) == (
        "Cell XFD2 has a value, but values may only be in the first 100 columns (A to CV). "
        "Delete what is to the right of your data and try again."
    )


def test_too_much_shared_text_is_refused() -> None:
    many = "<sst>" + "<si><t>x</t></si>" * 11 + "</sst>"
    data = zip_bytes(workbook_parts([("S", b"".join(sheet_xml([])))], shared_strings=many))
    assert refusal(data, replace(LIMITS, strings=10)).startswith(
        "The workbook has more than 10 different pieces of text"
    )
    assert refusal(data, replace(LIMITS, string_chars=10)).startswith(
        "The workbook holds more than 10 characters of text"
    )


def test_a_chart_as_the_first_sheet_is_refused() -> None:
    parts = workbook_parts([("Chart1", b"".join(sheet_xml([])))])
    rels = str(parts["xl/_rels/workbook.xml.rels"]).replace("/worksheet", "/chartsheet")
    parts["xl/_rels/workbook.xml.rels"] = rels
    assert refusal(zip_bytes(parts)).startswith(
        "The first sheet, 'Chart1', is not a sheet of cells (it may be a chart)."
    )


def test_a_formula_elsewhere_in_the_sheet_after_an_empty_far_cell_is_not_a_value() -> None:
    # Conditional formatting keeps its own <xm:f> formulas after the cells.
    row = '<row r="1"><c r="A1"><v>1</v></c><c r="XFD1" s="2"/></row>'
    after = (
        '<extLst><ext xmlns:xm="http://schemas.microsoft.com/office/excel/2006/main">'
        "<xm:f>Sheet1!$A$1</xm:f></ext></extLst>"
    )
    data = zip_bytes(workbook_parts([("S", b"".join(sheet_xml([row], after)))]))
    assert read(data) == ([(1, ["1"])], [])

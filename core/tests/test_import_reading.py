"""Reading an uploaded file's text: decoding, CSV records, the checks on every cell."""

from __future__ import annotations

import pytest

from core.imports.errors import ErrorList, FileRefused
from core.imports.files import display_file_name, sha256_of
from core.imports.reading import cell_problem, clean_text, decode, is_excel, read_rows


def refusal(data: bytes, max_bytes: int = 1000) -> str:
    with pytest.raises(FileRefused) as refused:
        decode(data, max_bytes)
    return str(refused.value)


def test_text_is_decoded_without_its_byte_order_mark() -> None:
    assert decode(b"\xef\xbb\xbfa,b\r\n", 100) == "a,b\r\n"


def test_an_empty_file_a_binary_file_and_a_file_not_in_utf8_are_refused() -> None:
    assert refusal(b"  \n") == "The file is empty."
    assert refusal(b"a,b\nc,\x00d") == (
        "Row 2, column 2: the file contains NUL bytes, so it is a binary file (such as an "
        "Excel workbook), not CSV text. Save it as CSV (UTF-8) and try again."
    )
    assert refusal(b"a,b\nc,d,\xc9t\xc9") == (
        "Row 2, column 3: byte 0xC9 is not UTF-8 text. Save the file as CSV (UTF-8) and try again."
    )
    assert refusal(b"x" * 2000).startswith("The file is 2 KB; the largest file accepted is")


def test_records_are_counted_and_blank_ones_skipped() -> None:
    errors = ErrorList()

    rows = list(read_rows('a,b\n\n"c\nd",e\nf,g\n', errors))

    assert rows == [(1, ["a", "b"]), (3, ["c\nd", "e"]), (4, ["f", "g"])]
    assert not errors


def test_rows_may_be_counted_by_the_line_a_record_ends_on() -> None:
    rows = list(read_rows('a,b\n\n"c\nd",e\nf,g\n', ErrorList(), by_line=True))

    assert rows == [(1, ["a", "b"]), (4, ["c\nd", "e"]), (5, ["f", "g"])]


def test_broken_quoting_ends_the_file_with_an_error() -> None:
    errors = ErrorList()

    rows = list(read_rows('a,b\nc,"d"x\n', errors))

    assert rows == [(1, ["a", "b"])]
    assert str(errors.items[0]).startswith("Row 2: the file cannot be read as CSV from here on")


def test_formulas_control_characters_and_huge_cells_are_refused() -> None:
    assert cell_problem("St Thomas' Hospital") is None
    assert cell_problem(" =SUM(A1)") == (
        "the cell starts with '=', which a spreadsheet runs as a formula. "
        "Remove the formula or the leading character."
    )
    for prefix in "+-@":
        assert "formula" in (cell_problem(prefix + "1") or "")
    assert "(U+202E)" in (cell_problem("abc\u202edef") or "")
    assert "(U+0009)" in (cell_problem("a\tb") or "")
    assert cell_problem("x" * 1001) == (
        "the cell is 1,001 characters long; no field is longer than 1,000."
    )


def test_cells_are_trimmed_and_their_spaces_collapsed() -> None:
    assert clean_text("  Guy's   and St Thomas'  ") == "Guy's and St Thomas'"


def test_an_excel_workbook_is_known_by_its_first_bytes_or_its_name() -> None:
    assert is_excel(b"PK\x03\x04rest")
    assert is_excel(b"", "values.XLSX")
    assert not is_excel(b"a,b\n", "values.csv")


def test_a_file_name_is_shown_without_folders_or_control_characters() -> None:
    assert display_file_name("../../etc/passwd.csv") == "passwd.csv"
    assert display_file_name("C:\\Users\\me\\etr.csv") == "etr.csv"
    assert display_file_name("a\u202eb.csv") == "ab.csv"
    assert display_file_name("") == "unnamed file"
    assert len(display_file_name("x" * 300)) == 200


def test_a_file_is_fingerprinted_by_its_sha256() -> None:
    assert sha256_of(b"") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

"""Reading an uploaded file's text: decoding, CSV records, the checks on every cell."""

from __future__ import annotations

import pytest

from core.imports.errors import ErrorList, FileRefused
from core.imports.files import display_file_name, sha256_of
from core.imports.reading import (
    MAX_LINE_CHARS,
    cell_problem,
    check_text_file,
    clean_text,
    first_bad_utf8,
    is_excel,
    read_rows,
)


def refusal(data: bytes, max_bytes: int = 1000) -> str:
    with pytest.raises(FileRefused) as refused:
        check_text_file(data, max_bytes)
    return str(refused.value)


def test_text_is_read_without_its_byte_order_mark() -> None:
    data = b"\xef\xbb\xbfa,b\r\n"
    check_text_file(data, 100)
    assert list(read_rows(data, ErrorList())) == [(1, ["a", "b"])]


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

    rows = list(read_rows(b'a,b\n\n"c\nd",e\nf,g\n', errors))

    assert rows == [(1, ["a", "b"]), (3, ["c\nd", "e"]), (4, ["f", "g"])]
    assert not errors


def test_a_line_break_inside_a_quoted_cell_does_not_move_the_rows_after_it() -> None:
    # As a spreadsheet shows the file: the quoted cell spans two lines but is one row.
    data = b'h\r\n"two\r\nlines"\r\nthird\r\n"x\ny\nz"\r\nfifth\r\n'
    rows = list(read_rows(data, ErrorList()))
    assert [(row, cells[0][:3]) for row, cells in rows] == [
        (1, "h"),
        (2, "two"),
        (3, "thi"),
        (4, "x\ny"),
        (5, "fif"),
    ]


def test_broken_quoting_ends_the_file_with_an_error() -> None:
    errors = ErrorList()

    rows = list(read_rows(b'a,b\nc,"d"x\n', errors))

    assert rows == [(1, ["a", "b"])]
    assert str(errors.items[0]).startswith("Row 2: the file cannot be read as CSV from here on")


def test_reading_stops_at_the_row_limit_with_a_message() -> None:
    errors = ErrorList()
    data = b"a\n" + b"\n" * 5_000_000  # five million blank rows stop at the limit too

    rows = list(read_rows(data, errors, max_rows=1000, advice="Split it."))

    assert rows == [(1, ["a"])]
    assert [str(error) for error in errors] == [
        "The file has more than 1,000 rows; the most an import reads is 1,000. Split it."
    ]


def test_a_line_too_long_to_be_a_row_is_refused_before_it_is_split_into_cells() -> None:
    errors = ErrorList()
    data = b"a,b\n" + b"," * (MAX_LINE_CHARS + 5) + b"\nc,d\n"

    rows = list(read_rows(data, errors))

    assert rows == [(1, ["a", "b"])]
    assert str(errors.items[0]) == (
        "Row 2: a line is longer than 100,000 characters, so the file is not read from here on."
    )


def test_a_row_spread_over_many_quoted_lines_is_refused_past_a_million_characters() -> None:
    errors = ErrorList()
    data = b"a\n" + b'"x\n",' * 400_000 + b"\n"

    assert list(read_rows(data, errors)) == [(1, ["a"])]
    assert "a row is longer than 1,000,000 characters" in str(errors.items[0])


def test_the_first_byte_that_is_not_utf8_is_found_across_slices() -> None:
    euro = "€".encode()
    data = b"a" * (1024 * 1024 - 1) + euro + b"b" * 10 + b"\xff"
    assert first_bad_utf8(data) == 1024 * 1024 - 1 + len(euro) + 10
    assert first_bad_utf8(b"ok " + euro) is None
    assert first_bad_utf8(b"cut " + euro[:2]) == 4


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
    assert cell_problem("Ynys Môn – “quoted” 中文") is None
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


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("Guy\u200bs Hospital", "200B"),  # zero-width space
        ("Newcastle-up\u00adon-Tyne", "00AD"),  # soft hyphen
        ("St\u200d Thomas", "200D"),  # zero-width joiner
        ("\ufeffBarts Health", "FEFF"),  # a byte order mark inside the text
        ("Kings\u2060 College", "2060"),  # word joiner
    ],
)
def test_invisible_characters_in_a_cell_are_refused_with_their_code(name: str, code: str) -> None:
    assert cell_problem(name) == (
        f"the cell contains an invisible character (U+{code}), such as a zero-width space, "
        "a soft hyphen or a hidden text-direction mark. Remove it."
    )

"""Reading an NHS ODS trust extract: names, provider types and every problem (no database)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from core.imports.errors import KEEP_ERRORS as MAX_REPORTED_ERRORS
from organisations.imports.naming import proper_case
from organisations.imports.ods import infer_provider_type
from organisations.models import ProviderType
from organisations.tests.ods_helpers import (
    FIXTURES,
    LETTERS,
    messages,
    ods_row,
    parse,
    to_csv,
)

# Names ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("upper", "proper"),
    [
        ("GUY'S AND ST THOMAS' NHS FOUNDATION TRUST", "Guy's and St Thomas' NHS Foundation Trust"),
        (
            "THE NEWCASTLE UPON TYNE HOSPITALS NHS FOUNDATION TRUST",
            "The Newcastle upon Tyne Hospitals NHS Foundation Trust",
        ),
        (
            "GREAT ORMOND STREET HOSPITAL FOR CHILDREN NHS FOUNDATION TRUST",
            "Great Ormond Street Hospital for Children NHS Foundation Trust",
        ),
        ("NEWCASTLE-UNDER-LYME", "Newcastle-under-Lyme"),
        ("BURTON-ON-TRENT", "Burton-on-Trent"),
        ("2GETHER NHS FOUNDATION TRUST", "2gether NHS Foundation Trust"),
        ("BARKING, HAVERING AND REDBRIDGE", "Barking, Havering and Redbridge"),
        ("ST. MARYS HOSPITAL", "St. Marys Hospital"),
        ("THE ROYAL MARSDEN", "The Royal Marsden"),
    ],
)
def test_upper_case_names_are_stored_in_proper_case(upper: str, proper: str) -> None:
    assert proper_case(upper) == proper


def test_a_name_already_in_mixed_case_is_kept_as_written() -> None:
    assert proper_case("University College London  Hospitals") == (
        "University College London Hospitals"
    )


@pytest.mark.parametrize(
    ("name", "provider_type"),
    [
        ("LONDON AMBULANCE SERVICE NHS TRUST", ProviderType.AMBULANCE),
        ("WEST LONDON MENTAL HEALTH NHS TRUST", ProviderType.MENTAL_HEALTH),
        ("SUSSEX PARTNERSHIP NHS FOUNDATION TRUST", ProviderType.MENTAL_HEALTH),
        ("MERSEY CARE NHS FOUNDATION TRUST", ProviderType.MENTAL_HEALTH),
        ("KENT COMMUNITY HEALTH NHS FOUNDATION TRUST", ProviderType.COMMUNITY),
        ("NORFOLK COMMUNITY HEALTH AND CARE NHS TRUST", ProviderType.COMMUNITY),
        ("GLOUCESTERSHIRE CARE SERVICES NHS TRUST", ProviderType.COMMUNITY),
        ("HINCHINGBROOKE HEALTH CARE NHS TRUST", ProviderType.ACUTE),
        ("WALSALL HEALTHCARE NHS TRUST", ProviderType.ACUTE),
        ("BARTS HEALTH NHS TRUST", ProviderType.ACUTE),
    ],
)
def test_the_provider_type_is_guessed_from_the_name(name: str, provider_type: str) -> None:
    assert infer_provider_type(name) == provider_type


# Parsing, without the database ------------------------------------------------------------


def test_a_good_extract_is_read_into_clean_records() -> None:
    result = parse((FIXTURES / "ods_small.csv").read_bytes())

    assert not result.errors
    assert result.rows == 8
    by_code = {record.ods_code: record for record in result.records}
    assert sorted(by_code) == ["RZA", "RZB", "RZC", "RZD", "RZE", "RZH"]
    first = by_code["RZA"]
    assert first.name == "Northfield and St Anne's Hospitals NHS Foundation Trust"
    assert first.address == "Trust Offices, St Anne's Hospital, River Lane, London, Greater London"
    assert first.postcode == "SE1 7EH"
    assert first.opened_on == dt.date(1993, 4, 1)
    assert first.closed_on is None
    assert by_code["RZE"].closed_on == dt.date(2015, 8, 31)
    assert by_code["RZH"].name == "Estuary, Marsh and Weald NHS Trust"


def test_welsh_and_incomplete_records_are_skipped_with_reasons_not_guessed() -> None:
    result = parse((FIXTURES / "ods_small.csv").read_bytes())

    assert [(skip.row, skip.code, skip.reason) for skip in result.skips] == [
        (6, "RZF", "out of scope: Wales"),
        (7, "RZG", "incomplete: no region code, no open date"),
    ]


def test_every_error_in_a_bad_extract_is_reported_with_its_row_and_column() -> None:
    result = parse((FIXTURES / "ods_bad.csv").read_bytes())

    assert messages(result) == [
        "Row 2: expected 24 columns, found 3. An ODS extract has 24 comma-separated columns "
        "and no header row.",
        "Row 3, column 1 (organisation code): RZA is also on row 1: each organisation may "
        "appear only once.",
        "Row 4, column 1 (organisation code): 'rz-1' is not an ODS code: use 3 to 10 capital "
        "letters and digits, like RJ1.",
        "Row 5, column 11 (open date): '19931301' is not a date in the form YYYYMMDD "
        "(for example 20110401).",
        "Row 6, column 2 (name): the cell starts with '=', which a spreadsheet runs as a "
        "formula. Remove the formula or the leading character.",
        "Row 7, column 12 (close date): the close date 20100401 is before the open date 20200401.",
        "Row 8, column 24 (government office region): 'Q' is not a government office region "
        "code we know (A, B, D, E, F, G, H, J, K, or W for Wales).",
        "Row 9, column 10 (postcode): 'NOT A CODE' is not a UK postcode.",
        "Row 10, column 5 (address line 1): the cell starts with '@', which a spreadsheet runs "
        "as a formula. Remove the formula or the leading character.",
        "Row 10, column 2 (name): the name is missing.",
        "Row 10, column 11 (open date): '2011-04-01' is not a date in the form YYYYMMDD "
        "(for example 20110401).",
    ]
    assert result.records == [] or all(record.row == 1 for record in result.records)


@pytest.mark.parametrize("prefix", ["=", "+", "-", "@"])
def test_a_cell_that_a_spreadsheet_would_run_as_a_formula_is_refused(prefix: str) -> None:
    result = parse(to_csv([ods_row(c7=f"{prefix}1+1")]))

    assert [(error.row, error.column) for error in result.errors] == [(1, "7 (address line 3)")]
    assert "formula" in result.errors.items[0].message


def test_a_file_that_is_not_utf8_names_the_row_and_column_of_the_first_bad_byte() -> None:
    result = parse((FIXTURES / "ods_latin1.csv").read_bytes())

    assert messages(result) == [
        "Row 2, column 5 (address line 1): byte 0xC9 is not UTF-8 text. Save the file as CSV "
        "(UTF-8) and try again."
    ]


def test_a_binary_file_with_nul_bytes_is_refused() -> None:
    result = parse(b"PK\x03\x04\x14\x00\x06\x00binary workbook")

    assert len(result.errors) == 1
    assert "NUL bytes" in result.errors.items[0].message
    assert result.records == []


def test_an_empty_file_is_refused() -> None:
    assert messages(parse(b"")) == ["The file is empty."]
    assert messages(parse(b"\n\n  \r\n")) == ["The file is empty."]


def test_a_file_over_the_size_limit_is_refused_before_it_is_parsed() -> None:
    # Invalid bytes throughout: only the size is reported, because nothing else is read.
    result = parse(b"\xff" * 2048, max_bytes=1024)

    assert messages(result) == [
        "The file is 2 KB; the largest file accepted is 1 KB. Split it into smaller files."
    ]


def test_a_broken_quote_stops_the_parse_with_an_error_on_its_row() -> None:
    data = to_csv([ods_row()]) + b'RZB,"BROKEN "QUOTE,Y56\n'

    result = parse(data)

    assert [error.row for error in result.errors] == [2]
    assert "cannot be read as CSV" in result.errors.items[0].message


def test_a_control_character_in_a_cell_is_refused() -> None:
    result = parse(to_csv([ods_row(name="NORTHFIELD\u202eNHS TRUST")]))

    assert [(error.row, error.column) for error in result.errors] == [(1, "2 (name)")]


def test_errors_beyond_the_cap_are_counted_not_listed() -> None:
    rows = [ods_row(code=f"R{index:03d}", c11="not a date") for index in range(500)]

    result = parse(to_csv(rows))

    assert len(result.errors.items) == MAX_REPORTED_ERRORS
    assert result.errors.total == 500
    assert result.errors.not_shown == 300


def test_a_byte_order_mark_and_crlf_line_endings_are_accepted() -> None:
    result = parse(
        b"\xef\xbb\xbf" + to_csv([ods_row()]).replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
    )

    assert not result.errors
    assert [record.ods_code for record in result.records] == ["RZA"]


@hypothesis_settings(max_examples=200, deadline=None)
@given(st.binary(max_size=600))
def test_random_bytes_never_crash_the_parser(data: bytes) -> None:
    result = parse(data, max_bytes=400)

    assert result.errors or result.records or result.skips or result.rows == 0
    for error in result.errors:
        assert error.message


cell = st.text(alphabet=st.characters(codec="utf-8"), max_size=12)


@hypothesis_settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(cell, min_size=0, max_size=26), max_size=6))
def test_random_rows_never_crash_the_parser(rows: list[list[str]]) -> None:
    result = parse(to_csv(rows))

    for record in result.records:
        assert len(record.ods_code) >= 3
        assert record.region_letter in LETTERS

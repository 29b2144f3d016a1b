"""Organisation names with characters nobody can see (a zero-width space, a soft hyphen) are
refused with their row, column and code point, in both kinds of file; the register would
otherwise hold two names that look the same and never match."""

from __future__ import annotations

import pytest

from organisations.imports.providers import parse_providers
from organisations.tests.ods_helpers import messages, ods_row, parse, to_csv

INVISIBLE = (
    "the cell contains an invisible character (U+{code}), such as a zero-width space, a soft "
    "hyphen or a hidden text-direction mark. Remove it."
)


@pytest.mark.parametrize(
    ("name", "code"),
    [("NORTH\u200bFIELD NHS TRUST", "200B"), ("NORTH\u00adFIELD NHS TRUST", "00AD")],
)
def test_an_invisible_character_in_a_trust_name_is_refused(name: str, code: str) -> None:
    result = parse(to_csv([ods_row(), ods_row(code="RZB", name=name)]))

    assert messages(result) == [f"Row 2, column 2 (name): {INVISIBLE.format(code=code)}"]
    assert [record.ods_code for record in result.records] == ["RZA"]


@pytest.mark.parametrize(
    ("name", "code"),
    [("University of\u200b Northfield", "200B"), ("Uni\u00adversity of Northfield", "00AD")],
)
def test_an_invisible_character_in_a_provider_name_is_refused(name: str, code: str) -> None:
    data = f"ukprn,name,region\n10000099,{name},London\n".encode()

    result = parse_providers(data, regions={"london": "LON"}, max_bytes=1_000_000)

    assert messages(result) == [f"Row 2, column 2 (name): {INVISIBLE.format(code=code)}"]
    assert result.records == []


def test_a_file_with_more_rows_than_a_register_has_is_refused_unread() -> None:
    data = b"ukprn,name,region\n" + b"\n" * 60_000 + b"10000099,Northfield,London\n"

    result = parse_providers(data, regions={"london": "LON"}, max_bytes=1_000_000)

    assert messages(result) == [
        "The file has more than 50,000 rows; the most an import reads is 50,000. Split it "
        "into smaller files."
    ]

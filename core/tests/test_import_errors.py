"""The errors every import shares: a row's error, the list that keeps the first ones, sizes."""

from __future__ import annotations

import pytest

from core.imports.errors import ErrorList, FileRefused, RowError, check_size, describe_size


def test_a_row_error_names_its_row_and_column() -> None:
    assert str(RowError(3, "2 (name)", "the name is missing.")) == (
        "Row 3, column 2 (name): the name is missing."
    )
    assert str(RowError(7, None, "expected 3 columns.")) == "Row 7: expected 3 columns."


def test_an_error_about_the_whole_file_is_a_sentence() -> None:
    error = RowError(None, None, "the file is empty.")

    assert str(error) == "The file is empty."
    assert error.sentence == "The file is empty."


def test_the_list_keeps_the_first_errors_and_counts_them_all() -> None:
    errors = ErrorList(keep=2)
    for row in range(1, 6):
        errors.add(row, None, "wrong.")

    assert [error.row for error in errors] == [1, 2]
    assert errors.total == len(errors) == 5
    assert errors.not_shown == 3
    assert errors


def test_the_list_keeps_200_unless_told_otherwise() -> None:
    errors = ErrorList()
    for row in range(250):
        errors.add(row, None, "wrong.")

    assert len(errors.items) == 200
    assert errors.not_shown == 50


def test_a_list_may_keep_every_error_and_show_only_the_first() -> None:
    errors = ErrorList(keep=None, show=3)
    for row in range(10):
        errors.add(row, None, "wrong.")

    assert len(list(errors)) == 10
    assert [error.row for error in errors.shown] == [0, 1, 2]
    assert errors.not_shown == 7


def test_extending_a_list_keeps_the_count_of_errors_it_did_not_keep() -> None:
    inner = ErrorList(keep=1)
    inner.add(1, None, "a.")
    inner.add(2, None, "b.")
    outer = ErrorList()

    outer.extend(inner)

    assert [error.message for error in outer] == ["a."]
    assert outer.total == 2
    assert not ErrorList()


def test_sizes_are_described_as_people_read_them() -> None:
    assert describe_size(900) == "900 bytes"
    assert describe_size(2048) == "2 KB"
    assert describe_size(20 * 1024 * 1024) == "20 MB"
    assert describe_size(int(25.3 * 1024 * 1024)) == "25.3 MB"


def test_a_file_over_the_limit_is_refused_with_the_advice_given() -> None:
    check_size(1024, 1024)
    with pytest.raises(FileRefused) as refused:
        check_size(2048, 1024)
    assert str(refused.value) == (
        "The file is 2 KB; the largest file accepted is 1 KB. Split it into smaller files."
    )
    assert refused.value.error.row is None

    with pytest.raises(FileRefused) as refused:
        check_size(2048, 1024, advice="Split it into smaller files, by academic year for example.")
    assert str(refused.value).endswith("Split it into smaller files, by academic year for example.")

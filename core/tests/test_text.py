"""One check for free text: trimmed, bounded, and nothing a database cannot store."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from core.text import check_text, clean_text


def _message(error: ValidationError, field: str) -> str:
    return error.message_dict[field][0]


def test_text_is_trimmed():
    assert clean_text("  a reason \n", field="reason", what="a reason") == "a reason"


def test_empty_text_is_refused_when_required_and_kept_empty_otherwise():
    with pytest.raises(ValidationError) as refused:
        clean_text("   ", field="note", what="your note on QFTEST-1.1-Q1")
    assert _message(refused.value, "note") == "Enter your note on QFTEST-1.1-Q1"
    assert clean_text(None, field="note", what="a note", required=False) == ""


def test_too_long_text_names_the_limit_and_keeps_the_case_of_what_it_names():
    with pytest.raises(ValidationError) as refused:
        clean_text("x" * 11, field="note", what="your note on QFTEST-1.1-Q1", limit=10)
    assert _message(refused.value, "note") == (
        "Your note on QFTEST-1.1-Q1 must be 10 characters or fewer"
    )


@pytest.mark.parametrize(
    ("text", "code", "position"),
    [
        ("ab\x00c", "0000", 3),
        ("\x07bell", "0007", 1),
        ("del\x7f", "007F", 4),
        ("a\ud800", "D800", 2),
    ],
)
def test_characters_that_cannot_be_saved_are_named_with_where_they_are(text, code, position):
    with pytest.raises(ValidationError) as refused:
        clean_text(text, field="comment", what="the comment on question 1.1.1", required=False)
    assert _message(refused.value, "comment") == (
        f"The comment on question 1.1.1 contains a character that cannot be saved "
        f"(U+{code}, character {position}): remove it"
    )


def test_line_breaks_tabs_and_any_language_are_kept():
    text = "Line one\r\nLine two\tand ŵ, é, 中文, emoji 🙂"
    assert clean_text(text, field="x", what="x") == text


@given(st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cs")), max_size=50))
def test_text_without_control_characters_passes_trimmed(text):
    cleaned, problem = check_text(text, what="x", required=False)
    assert problem is None
    assert cleaned == text.strip()

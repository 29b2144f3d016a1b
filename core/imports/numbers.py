"""Numbers in an imported file: one way to write them, and whether they fit where they are kept.

A number is digits with at most one decimal point and an optional sign: ``1234``, ``3.5``,
``-0.75``, ``.5``. Anything else is refused with a message naming the value, never guessed
at: ``3,5`` may be three and a half or thirty-five, ``1,234`` may be one thousand two hundred
and thirty-four or one and a bit, and Python would read ``1_0`` as ten. Scientific notation
is refused too: a spreadsheet writes ``1.23457E+11`` for a number it has already rounded for
display. See docs/decisions/0020-numbers-in-imported-files.md.

A number must also fit the database column it goes to after rounding to that column's
places, so 99999999.99999 (which rounds up to 100000000.0000) is refused with the same
message on SQLite, which would store it, and on PostgreSQL, which would fail.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

PLAIN_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")
_SCIENTIFIC = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)[eE][+-]?[0-9]+")
_SEPARATED = re.compile(r"[+-]?[0-9.]+(?:[ _'\u00a0\u202f][0-9.]+)+")
# No column keeps more digits than this; a longer cell is not a number we can store.
MAX_NUMBER_CHARS = 40
# A value quoted in a message is cut to this many characters, and the cut is shown.
SHOWN_CHARS = 20


def shown(text: str) -> str:
    """``text`` quoted for a message: at most ``SHOWN_CHARS`` characters, then "…"."""
    if len(text) > SHOWN_CHARS:
        return repr(text[:SHOWN_CHARS] + "…")
    return repr(text)


def why_not_a_number(text: str) -> str:
    """The message for a cell that is not a number as this service writes them."""
    value = shown(text)
    if len(text) > MAX_NUMBER_CHARS:
        return f"{value} is {len(text):,} characters long; a number has at most {MAX_NUMBER_CHARS}."
    if "," in text:
        return (
            f"{value} has a comma, which could separate thousands or mark the decimals. "
            "Write numbers with no thousands separator and a point before any decimals, "
            "like 1234 or 3.5."
        )
    if _SEPARATED.fullmatch(text):
        return (
            f"{value} has a space, underscore or apostrophe between its digits. Write the "
            "digits together, like 1234."
        )
    if _SCIENTIFIC.fullmatch(text):
        return (
            f"{value} is in scientific notation, which a spreadsheet uses for a number it has "
            "rounded. Write the number in full, like 123000 or 0.00015."
        )
    return f"{value} is not a number."


def parse_number(value: Any) -> Decimal | None:
    """The number a cell holds, None when it is blank, or ``ValueError`` saying why it is not
    a number."""
    text = "" if value is None else str(value).strip()
    if not text:
        return None
    if len(text) <= MAX_NUMBER_CHARS and PLAIN_NUMBER.fullmatch(text):
        return Decimal(text)
    raise ValueError(why_not_a_number(text))


@dataclass(frozen=True)
class Stored:
    """How a decimal column keeps numbers: ``max_digits`` in all, ``places`` after the point."""

    max_digits: int
    places: int

    @classmethod
    def of(cls, model: Any, field: str) -> Stored:
        """The precision of a model's ``DecimalField``."""
        column = model._meta.get_field(field)
        return cls(int(column.max_digits), int(column.decimal_places))

    @property
    def quantum(self) -> Decimal:
        return Decimal(1).scaleb(-self.places)

    @property
    def largest(self) -> Decimal:
        return Decimal(1).scaleb(self.max_digits - self.places) - self.quantum

    def fit(self, number: Decimal, text: str | None = None) -> Decimal:
        """``number`` rounded to the column's places, or ``ValueError`` if it is too large to
        keep before or after rounding; ``text`` is the number as the file wrote it."""
        value = shown(text if text is not None else format(number, "f"))
        largest = f"{self.largest:,}"
        if number.is_finite() and number.adjusted() < self.max_digits - self.places:
            rounded = number.quantize(self.quantum)
            if abs(rounded) <= self.largest:
                return rounded
            raise ValueError(
                f"{value} rounds to {rounded:f} at {self.places} decimal places, which is "
                f"more than can be stored: the largest is {largest}."
            )
        raise ValueError(f"{value} is too large; the largest that can be stored is {largest}.")

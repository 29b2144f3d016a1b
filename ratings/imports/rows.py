"""One row of a KPI file as typed values: the pydantic model and its messages.

The model checks what a row says on its own (numbers are numbers, the year is a year, counts
are not negative). What needs the database (is the provider known? is it a ratio KPI?) is
checked by the plan with dictionaries loaded once.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError, ValidationInfo, field_validator

from core import academic_year
from core.imports.numbers import Stored, parse_number, shown
from ratings.models import KpiValue

# How the database keeps a value and a count (numerator, denominator): read from the model,
# so a number that would not fit after rounding is refused here, the same on every database.
STORED = {name: Stored.of(KpiValue, name) for name in ("value", "numerator", "denominator")}
MAX_CELL_CHARS = 200


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _number(value: Any, stored: Stored) -> Decimal | None:
    number = parse_number(value)
    return None if number is None else stored.fit(number, _text(value))


class KpiRow(BaseModel):
    """The cells of one row, cleaned and typed."""

    model_config = ConfigDict(frozen=True)

    ukprn: str
    programme_code: str
    academic_year: int
    kpi_code: str
    value: Decimal | None
    numerator: Decimal | None
    denominator: Decimal | None

    @field_validator("ukprn", mode="before")
    @classmethod
    def _ukprn(cls, value: Any) -> str:
        text = _text(value)
        if not text:
            raise ValueError("enter the provider's UKPRN.")
        if not (text.isascii() and text.isdigit() and len(text) == 8):
            raise ValueError(f"{shown(text)} is not a UKPRN (8 digits).")
        return text

    @field_validator("programme_code", mode="before")
    @classmethod
    def _programme(cls, value: Any) -> str:
        text = _text(value)
        if not text:
            raise ValueError("enter the programme code.")
        return text[:MAX_CELL_CHARS].upper()

    @field_validator("kpi_code", mode="before")
    @classmethod
    def _kpi(cls, value: Any) -> str:
        text = _text(value)
        if not text:
            raise ValueError("enter the KPI code.")
        return text[:MAX_CELL_CHARS].upper()

    @field_validator("academic_year", mode="before")
    @classmethod
    def _year(cls, value: Any) -> int:
        text = _text(value)
        if not text:
            raise ValueError("enter the academic year, like 2025/26.")
        try:
            return academic_year.parse(text[:MAX_CELL_CHARS])
        except ValueError as error:
            raise ValueError(f"{error}.") from None

    @field_validator("value", mode="before")
    @classmethod
    def _value(cls, value: Any) -> Decimal | None:
        return _number(value, STORED["value"])

    @field_validator("numerator", "denominator", mode="before")
    @classmethod
    def _count(cls, value: Any, info: ValidationInfo) -> Decimal | None:
        number = _number(value, STORED[str(info.field_name)])
        if number is not None and number < 0:
            raise ValueError(f"{shown(_text(value))} is negative; a count cannot be below 0.")
        return number


def parse_row(
    cells: list[str], columns: dict[str, int]
) -> tuple[KpiRow | None, list[tuple[str, str]]]:
    """The typed row, or None and (column, message) for every cell that is wrong."""
    raw = {name: (cells[index] if index < len(cells) else "") for name, index in columns.items()}
    try:
        return KpiRow.model_validate(raw), []
    except ValidationError as error:
        problems = []
        for item in error.errors(include_url=False, include_input=False):
            column = str(item["loc"][0]) if item["loc"] else ""
            context = item.get("ctx") or {}
            message = str(context.get("error") or item["msg"])
            problems.append((column, message))
        return None, problems

"""Reading many rows with decimal columns quickly, with the numbers the ORM would give.

SQLite keeps decimals as floating-point numbers. For each one the ORM makes a Decimal from
the float in Python and rounds it to the field's places, and for the 54,000 values of a
national year (or the 100,000 rows of a large KPI file) those converters were most of the
time of reading. ``fetch_rows`` asks SQLite for each decimal as text with its field's
places (``printf``) instead, which ``Decimal`` reads in C. Every value was stored from a
Decimal of those places, so rounding the float back to them gives exactly its digits; the
tests compare what this reads with what the ORM reads, awkward numbers included.
PostgreSQL returns numeric columns as Decimals already, so there the rows are read as
they come.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.db import connection
from django.db.models import CharField, DecimalField, Func, QuerySet


class _DecimalText(Func):
    """On SQLite, a decimal column as text with ``places`` decimal places (NULL stays NULL)."""

    template = (
        "CASE WHEN %(expressions)s IS NULL THEN NULL "
        "ELSE printf('%%%%.%(places)sf', %(expressions)s) END"
    )
    output_field = CharField()


def fetch_columns(queryset: QuerySet[Any], *fields: str) -> list[Sequence[Any]]:
    """``queryset.values_list(*fields)`` read through the cursor, as one list per field
    (iterate over ``zip(*columns)`` for rows).

    Decimal fields come back as the Decimals the ORM would give; every other field comes
    back as the database gives it, so use this for ids, integers and text besides decimals
    (not for dates, booleans or JSON, which need the ORM's converters)."""
    meta = queryset.model._meta
    decimals: dict[int, DecimalField[Any, Any]] = {
        index: field
        for index, name in enumerate(fields)
        if isinstance(field := meta.get_field(name), DecimalField)
    }
    as_text = connection.vendor == "sqlite" and bool(decimals)
    columns = list(fields)
    if as_text:
        for index in decimals:
            columns[index] = f"_{fields[index]}_text"
        queryset = queryset.annotate(
            **{
                columns[index]: _DecimalText(fields[index], places=field.decimal_places)
                for index, field in decimals.items()
            }
        )
    sql, params = queryset.values_list(*columns).query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    if not rows:
        return [[] for _ in fields]
    by_column: list[Sequence[Any]] = list(zip(*rows, strict=True))
    if as_text:
        make = Decimal
        for index in decimals:
            by_column[index] = [None if text is None else make(text) for text in by_column[index]]
    return by_column

"""Inserting many rows of one table at once without building a model instance per row.

``bulk_create`` prepares every value of every instance through its field and, on
PostgreSQL, sends them as arrays quoted on the client; for a year of ratings (3,600 rows,
each with a JSON explanation of about 2 kB) that quoting was most of the time of a
recomputation. Here the caller gives rows of values that are ready for the database, so:

- PostgreSQL receives them through ``COPY ... FROM STDIN`` (psycopg 3 streams the rows in
  its own text format; no SQL text is built and nothing is quoted as a literal);
- other databases (SQLite) run one prepared ``INSERT`` over every row (``executemany``).

No signal is sent and no instance is made, so nothing is audited row by row: the caller
records one audit entry for the whole batch. Primary keys are not returned.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Field, JSONField, Model


def insert_rows(
    model: type[Model],
    columns: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    fixed: Mapping[str, Any] | None = None,
    using: str = DEFAULT_DB_ALIAS,
) -> int:
    """Insert ``rows`` into ``model``'s table and return how many were written.

    ``columns`` names the model fields each row gives values for, in order. Those values
    must already be what the database takes: ``int``, ``str``, ``bool``, ``Decimal`` or
    ``None``, and for a ``JSONField`` the JSON text itself (encode it once, compactly).
    ``fixed`` gives fields that have the same value in every row (a foreign key's id, a
    timestamp, a default); those are prepared through their fields here, once.

    ``rows`` may be a generator: on PostgreSQL each row is sent as soon as it is made, so
    working rows out and storing them overlap.
    """
    connection = connections[using]
    meta = model._meta
    fixed = dict(fixed or {})
    fields: list[Field[Any, Any]] = []
    names: list[str] = []
    for name in (*columns, *fixed):
        field = meta.get_field(name)
        if not isinstance(field, Field) or not field.concrete or field.column is None:
            raise ValueError(f"{meta.label}.{name} is not a column")
        if name in fixed and isinstance(field, JSONField):
            raise ValueError(f"{meta.label}.{name}: give JSON text in each row instead")
        fields.append(field)
        names.append(connection.ops.quote_name(field.column))
    constants = tuple(
        field.get_db_prep_save(value, connection)
        for field, value in zip(fields[len(columns) :], fixed.values(), strict=True)
    )
    table = connection.ops.quote_name(meta.db_table)
    column_list = ", ".join(names)
    prepared = ((*row, *constants) for row in rows)
    first = next(prepared, None)
    if first is None:
        return 0
    if connection.vendor == "postgresql":
        return _copy(connection, f"COPY {table} ({column_list}) FROM STDIN", first, prepared)
    marks = ", ".join(["%s"] * len(fields))
    # Table and column names come from the model's metadata, quoted; values are bound.
    sql = f"INSERT INTO {table} ({column_list}) VALUES ({marks})"  # noqa: S608
    batch = [first, *prepared]
    with connection.cursor() as cursor:
        cursor.executemany(sql, batch)
    return len(batch)


def _copy(
    connection: Any, sql: str, first: tuple[Any, ...], rest: Iterator[tuple[Any, ...]]
) -> int:
    """Stream the rows as they come: psycopg sends each full buffer while the caller works
    out the next rows, so the server stores one part while Python prepares the next."""
    connection.validate_no_broken_transaction()
    count = 1
    # Django's cursor wrapper hands ``copy`` to the psycopg 3 cursor (and, when queries are
    # logged, records the COPY statement like any other).
    with connection.cursor() as cursor, connection.wrap_database_errors, cursor.copy(sql) as copy:
        copy.write_row(first)
        for row in rest:
            copy.write_row(row)
            count += 1
    return count

"""Writing an import's plan to the KPI values, in batches of one statement each.

New values are inserted and changed values updated, each change first keeping the value it
replaces as a ``KpiValueHistory`` row. SQLite runs each batch as one prepared statement with
``executemany``; PostgreSQL as one statement per batch from arrays (``unnest``). The caller
holds the transaction and records the import itself.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from typing import Any

from django.db import connection

from ratings.imports.checks import Item
from ratings.imports.plan import Existing, KpiPlan
from ratings.models import KpiImport, KpiValue, KpiValueHistory

CREATE_BATCH = 5000
UPDATE_BATCH = 5000


def values_write(plan: KpiPlan, *, kpi_import: KpiImport, now: dt.datetime) -> None:
    """Create the plan's new values and update its changed ones, in batches."""
    postgres = connection.vendor == "postgresql"
    for batch in _batches(plan.creates, CREATE_BATCH):
        if postgres:
            _write_new_postgres(batch, kpi_import=kpi_import, now=now)
        else:
            _write_new(batch, kpi_import=kpi_import, now=now)
    for pairs in _batches(plan.updates, UPDATE_BATCH):
        if postgres:
            _write_changes_postgres(pairs, kpi_import=kpi_import, now=now)
        else:
            _write_changes(pairs, kpi_import=kpi_import, now=now)


def _batches[T](items: Sequence[T], size: int) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


# The fields a new KPI value is inserted with, in the order both writers bind them.
NEW_VALUE_FIELDS = (
    "education_provider",
    "programme",
    "academic_year",
    "kpi",
    "value",
    "numerator",
    "denominator",
    "source",
    "updated_at",
)


def _quoted_columns(model: Any, names: Sequence[str]) -> list[str]:
    return [connection.ops.quote_name(model._meta.get_field(name).column) for name in names]


def _write_new(items: Sequence[Item], *, kpi_import: KpiImport, now: dt.datetime) -> None:
    """Insert new values with one prepared statement (see ``_write_changes`` for why)."""
    columns = _quoted_columns(KpiValue, NEW_VALUE_FIELDS)
    insert = (
        f"INSERT INTO {connection.ops.quote_name(KpiValue._meta.db_table)} "  # noqa: S608
        f"({', '.join(columns)}) VALUES ({', '.join(['%s'] * len(columns))})"
    )
    stamp = connection.ops.adapt_datetimefield_value(now)
    with connection.cursor() as cursor:
        cursor.executemany(
            insert,
            [
                (
                    item.provider_id,
                    item.programme_id,
                    item.year,
                    item.kpi_id,
                    item.value,
                    item.numerator,
                    item.denominator,
                    kpi_import.pk,
                    stamp,
                )
                for item in items
            ],
        )


def _write_changes(
    pairs: Sequence[tuple[Item, Existing]], *, kpi_import: KpiImport, now: dt.datetime
) -> None:
    """Keep the replaced values as history, then update the values, one statement each.

    Both run as one prepared statement with ``executemany``: ``bulk_update`` (a CASE per
    field and batch) took minutes for 100,000 rows, and building model instances for the
    history doubled the time. The numbers are already rounded to the columns' places, and
    both SQLite (through Django's adapter) and psycopg take Decimal parameters as they are.
    """
    quote = connection.ops.quote_name
    stamp = connection.ops.adapt_datetimefield_value(now)

    history = KpiValueHistory._meta
    history_columns = _quoted_columns(
        KpiValueHistory,
        ("kpi_value", "value", "numerator", "denominator", "source", "replaced_by", "replaced_at"),
    )
    insert = (
        f"INSERT INTO {quote(history.db_table)} ({', '.join(history_columns)}) "  # noqa: S608
        f"VALUES ({', '.join(['%s'] * len(history_columns))})"
    )
    value = KpiValue._meta
    assigned = ", ".join(
        f"{column} = %s"
        for column in _quoted_columns(
            KpiValue, ("value", "numerator", "denominator", "source", "updated_at")
        )
    )
    update = (
        f"UPDATE {quote(value.db_table)} SET {assigned} "  # noqa: S608 (names from the models)
        f"WHERE {quote(str(value.pk.column))} = %s"
    )
    with connection.cursor() as cursor:
        cursor.executemany(
            insert,
            [
                (
                    old.pk,
                    old.value,
                    old.numerator,
                    old.denominator,
                    old.source_id,
                    kpi_import.pk,
                    stamp,
                )
                for _item, old in pairs
            ],
        )
        cursor.executemany(
            update,
            [
                (item.value, item.numerator, item.denominator, kpi_import.pk, stamp, old.pk)
                for item, old in pairs
            ],
        )


def _write_new_postgres(items: Sequence[Item], *, kpi_import: KpiImport, now: dt.datetime) -> None:
    """PostgreSQL: one INSERT per batch from arrays (``unnest``), not a statement per row."""
    quote = connection.ops.quote_name
    columns = _quoted_columns(KpiValue, NEW_VALUE_FIELDS)
    sql = (
        f"INSERT INTO {quote(KpiValue._meta.db_table)} ({', '.join(columns)}) "  # noqa: S608
        "SELECT d.provider, d.programme, d.year, d.kpi, d.value, d.numerator, d.denominator, "
        "%s, %s FROM unnest(%s::bigint[], %s::bigint[], %s::integer[], %s::bigint[], "
        "%s::numeric[], %s::numeric[], %s::numeric[]) "
        "AS d(provider, programme, year, kpi, value, numerator, denominator)"
    )
    with connection.cursor() as cursor:
        cursor.execute(
            sql,
            [
                kpi_import.pk,
                now,
                [item.provider_id for item in items],
                [item.programme_id for item in items],
                [item.year for item in items],
                [item.kpi_id for item in items],
                [item.value for item in items],
                [item.numerator for item in items],
                [item.denominator for item in items],
            ],
        )


def _write_changes_postgres(
    pairs: Sequence[tuple[Item, Existing]], *, kpi_import: KpiImport, now: dt.datetime
) -> None:
    """PostgreSQL: the history and the updates as one statement each per batch, from arrays."""
    quote = connection.ops.quote_name
    history_columns = _quoted_columns(
        KpiValueHistory,
        ("kpi_value", "value", "numerator", "denominator", "source", "replaced_by", "replaced_at"),
    )
    insert = (
        f"INSERT INTO {quote(KpiValueHistory._meta.db_table)} "  # noqa: S608
        f"({', '.join(history_columns)}) "
        "SELECT d.id, d.value, d.numerator, d.denominator, d.source, %s, %s "
        "FROM unnest(%s::bigint[], %s::numeric[], %s::numeric[], %s::numeric[], %s::bigint[]) "
        "AS d(id, value, numerator, denominator, source)"
    )
    value, numerator, denominator, source, updated_at = _quoted_columns(
        KpiValue, ("value", "numerator", "denominator", "source", "updated_at")
    )
    table = quote(KpiValue._meta.db_table)
    pk = quote(str(KpiValue._meta.pk.column))
    update = (
        f"UPDATE {table} SET {value} = d.value, {numerator} = d.numerator, "  # noqa: S608
        f"{denominator} = d.denominator, {source} = %s, {updated_at} = %s "
        "FROM unnest(%s::bigint[], %s::numeric[], %s::numeric[], %s::numeric[]) "
        f"AS d(id, value, numerator, denominator) WHERE {table}.{pk} = d.id"
    )
    with connection.cursor() as cursor:
        cursor.execute(
            insert,
            [
                kpi_import.pk,
                now,
                [old.pk for _item, old in pairs],
                [old.value for _item, old in pairs],
                [old.numerator for _item, old in pairs],
                [old.denominator for _item, old in pairs],
                [old.source_id for _item, old in pairs],
            ],
        )
        cursor.execute(
            update,
            [
                kpi_import.pk,
                now,
                [old.pk for _item, old in pairs],
                [item.value for item, _old in pairs],
                [item.numerator for item, _old in pairs],
                [item.denominator for item, _old in pairs],
            ],
        )

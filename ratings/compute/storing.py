"""Writing a year's computed ratings over the round's earlier ones, each rating keeping its
identity: the rating of a provider's programme (or its overall rating) keeps its number
across recomputes, so links to it, bookmarks and the queries raised on it stay attached.

The round's ratings are removed with one plain ``DELETE`` and the new ones written in one
bulk insert (``core.bulk.insert_rows``: COPY on PostgreSQL, streaming each rating as it is
worked out), each rating that existed before given its old primary key again. Foreign keys
are checked when the transaction commits (Django declares them deferred on PostgreSQL and
SQLite), by which time every kept rating is back under its number. Updating the rows in
place would need a second kind of bulk write for every database; this keeps the one that
is measured. See docs/decisions/0013-a-rating-keeps-its-number.md.

Each computation is also recorded as a ``RatingComputation`` of every rating, with one
``INSERT ... SELECT``, so a rating's page shows how it came out each time.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from django.db import connection

from core.bulk import insert_rows
from ratings.compute.rater import Computed
from ratings.models import Rating, RatingComputation, RatingQuery, RatingRound

RATING_COLUMNS = ("education_provider", "programme", "band", "score", "coverage", "explanation")
# Ratings that are gone (their programme has no KPI values left) are cleared up in chunks of
# this many ids, one statement each.
GONE_CHUNK = 500


def ratings_store(round_: RatingRound, ratings: Iterable[Computed], *, now: dt.datetime) -> None:
    """Write ``ratings`` as the round's ratings, in the caller's transaction.

    A rating of a provider's programme rated before keeps that rating's number; a new one
    gets a new number. A rating whose programme is no longer rated goes, with the queries
    raised on it and its computations.
    """
    previous: dict[tuple[int, int | None], int] = {}
    every: set[int] = set()
    for pk, provider_id, programme_id, current in Rating.objects.filter(round=round_).values_list(
        "pk", "education_provider_id", "programme_id", "is_current"
    ):
        every.add(pk)
        if current:
            previous[provider_id, programme_id] = pk
    _execute(f"DELETE FROM {_table(Rating)} WHERE round_id = %s", [round_.pk])  # noqa: S608
    fixed = {
        "round": round_.pk,
        "revision": 1,
        "is_current": True,
        "correction_note": "",
        "computed_at": now,
    }
    new: list[Computed] = []
    kept: set[int] = set()
    insert_rows(Rating, ("id", *RATING_COLUMNS), _known(ratings, previous, new, kept), fixed=fixed)
    insert_rows(Rating, RATING_COLUMNS, (_row(rating) for rating in new), fixed=fixed)
    _clear_up(sorted(every - kept))
    _record_computations(round_)


def _row(rating: Computed) -> tuple[Any, ...]:
    return (
        rating.provider_id,
        rating.programme_id,
        rating.band,
        rating.score,
        rating.coverage,
        rating.explanation_json,
    )


def _known(
    ratings: Iterable[Computed],
    previous: dict[tuple[int, int | None], int],
    new: list[Computed],
    kept: set[int],
) -> Iterator[tuple[Any, ...]]:
    """The rows of the ratings rated before, under their old numbers, as they are worked out;
    the others are set aside in ``new`` and the numbers given again noted in ``kept``."""
    for rating in ratings:
        pk = previous.get((rating.provider_id, rating.programme_id))
        if pk is None:
            new.append(rating)
            continue
        kept.add(pk)
        yield (pk, *_row(rating))


def _clear_up(gone: Sequence[int]) -> None:
    """Remove what still points at ratings that are gone: their queries and computations."""
    for start in range(0, len(gone), GONE_CHUNK):
        chunk = list(gone[start : start + GONE_CHUNK])
        marks = ", ".join(["%s"] * len(chunk))
        for model in (RatingQuery, RatingComputation):
            _execute(f"DELETE FROM {_table(model)} WHERE rating_id IN ({marks})", chunk)  # noqa: S608


def _record_computations(round_: RatingRound) -> None:
    """One ``RatingComputation`` per rating of the round, copied from the ratings just written."""
    columns = "computed_at, band, score, coverage"
    _execute(
        f"INSERT INTO {_table(RatingComputation)} (rating_id, {columns}) "  # noqa: S608
        f"SELECT id, {columns} FROM {_table(Rating)} WHERE round_id = %s",
        [round_.pk],
    )


def _table(model: Any) -> str:
    return str(connection.ops.quote_name(model._meta.db_table))


def _execute(sql: str, params: Sequence[Any]) -> None:
    """Plain SQL, so no delete signals fire and the audit log keeps its one entry for the
    computation (the statements name only tables and columns of the models)."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)

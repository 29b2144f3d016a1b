"""Writing many ratings in one batch: COPY on PostgreSQL, one prepared INSERT elsewhere.

The suite runs on SQLite and on PostgreSQL, so each test here checks whichever path the
database under test takes.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core import clock
from core.bulk import insert_rows
from ratings.models import Rating, RatingBand

pytestmark = pytest.mark.django_db

# Text that COPY's format and SQL quoting both treat specially: tabs, newlines, backslashes
# (and COPY's null marker), quotes, a NUL-free control character and text beyond Latin-1.
AWKWARD = "tab\there\nnew line \\N back\\slash \"double\" 'single' \x07 Ynys Môn – “quoted”"

COLUMNS = ["education_provider", "programme", "band", "score", "coverage", "explanation"]


def _fixed(qcpm: Any, **extra: Any) -> dict[str, Any]:
    return {
        "round": qcpm.round.pk,
        "revision": 1,
        "is_current": False,
        "correction_note": AWKWARD,
        "computed_at": clock.now(),
        **extra,
    }


def _rows(qcpm: Any) -> list[tuple[Any, ...]]:
    explanation = {"reasons": [AWKWARD], "lines": [{"code": "FILL", "value": "98.3333"}]}
    return [
        (
            qcpm.world.london_ep.pk,
            qcpm.world.nursing.pk,
            RatingBand.GREEN,
            Decimal("2.625"),
            Decimal("1.000"),
            json.dumps(explanation, separators=(",", ":")),
        ),
        (qcpm.world.midlands_ep.pk, None, RatingBand.NOT_RATED, None, Decimal("0.000"), "{}"),
    ]


def test_rows_come_back_exactly_as_written(qcpm: Any) -> None:
    before = set(Rating.objects.values_list("pk", flat=True))
    assert insert_rows(Rating, COLUMNS, _rows(qcpm), fixed=_fixed(qcpm)) == 2
    new = Rating.objects.exclude(pk__in=before).order_by("pk")
    first, second = new
    assert (first.education_provider, first.programme) == (
        qcpm.world.london_ep,
        qcpm.world.nursing,
    )
    assert (first.band, first.score, first.coverage) == ("green", Decimal("2.625"), Decimal(1))
    assert first.explanation["reasons"] == [AWKWARD]
    assert first.explanation["lines"][0] == {"code": "FILL", "value": "98.3333"}
    assert first.correction_note == AWKWARD
    assert (first.revision, first.is_current) == (1, False)
    assert first.computed_at is not None and timezone.is_aware(first.computed_at)
    assert (second.programme, second.score, second.explanation) == (None, None, {})
    assert second.band == RatingBand.NOT_RATED


def test_postgresql_takes_the_rows_through_copy_and_other_databases_one_insert(qcpm: Any) -> None:
    with CaptureQueriesContext(connection) as queries:
        insert_rows(Rating, COLUMNS, _rows(qcpm), fixed=_fixed(qcpm))
    statements = [query["sql"] for query in queries.captured_queries]
    assert len(statements) == 1
    if connection.vendor == "postgresql":
        assert statements[0].startswith('COPY "ratings_rating" (')
        assert statements[0].endswith(") FROM STDIN")
    else:
        # Django logs an executemany() as "<number of rows> times: <statement>".
        assert statements[0].startswith('2 times: INSERT INTO "ratings_rating" (')


def test_rows_can_come_from_a_generator_and_a_failure_part_way_stores_nothing(
    qcpm: Any,
) -> None:
    before = Rating.objects.count()
    assert insert_rows(Rating, COLUMNS, iter(_rows(qcpm)), fixed=_fixed(qcpm)) == 2
    assert Rating.objects.count() == before + 2

    def failing() -> Any:
        yield from _rows(qcpm)
        raise RuntimeError("the third rating could not be worked out")

    with pytest.raises(RuntimeError, match="could not be worked out"), transaction.atomic():
        insert_rows(Rating, COLUMNS, failing(), fixed=_fixed(qcpm))
    assert Rating.objects.count() == before + 2


def test_nothing_to_write_sends_nothing(qcpm: Any) -> None:
    with CaptureQueriesContext(connection) as queries:
        assert insert_rows(Rating, COLUMNS, [], fixed=_fixed(qcpm)) == 0
    assert queries.captured_queries == []


def test_a_field_that_is_not_a_column_or_json_given_once_is_refused(qcpm: Any) -> None:
    with pytest.raises(ValueError, match="queries is not a column"):
        insert_rows(Rating, ["queries"], [((),)])
    with pytest.raises(ValueError, match="give JSON text in each row"):
        insert_rows(Rating, COLUMNS[:5], [], fixed=_fixed(qcpm, explanation="{}"))

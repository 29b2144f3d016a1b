"""The open data API at national scale: a page of 100 published ratings, a page deep in the
list, London's first page, and the 304 a client gets when it sends back the ETag.

The ratings come from the QCPM reports scenario's round (written in bulk when the seed has
none); the round is published for these measures and put back as it was afterwards.
"""

from __future__ import annotations

from django.test import Client

from api import cursor
from bench.scenarios_qcpm_reports import _rounds
from bench.timing import Measure, measure
from core import academic_year
from ratings.models import Rating, RatingRound, RoundStatus


def run() -> list[Measure]:
    rounds = _rounds()
    before = {round_.pk: round_.status for round_ in rounds}
    RatingRound.objects.filter(pk__in=before).update(status=RoundStatus.PUBLISHED)
    try:
        return _measures(rounds)
    finally:
        for pk, status in before.items():
            RatingRound.objects.filter(pk=pk).update(status=status)


def _measures(rounds: list[RatingRound]) -> list[Measure]:
    client = Client()
    year = academic_year.label(rounds[0].academic_year)
    url = f"/api/v1/ratings?year={year}"
    current = Rating.objects.filter(round__in=rounds, is_current=True)
    total = current.count()
    ids = list(current.order_by("pk").values_list("pk", flat=True))
    middle = cursor.encode(ids[len(ids) // 2])
    first = client.get(url)
    assert first.status_code == 200 and len(first.json()["results"]) == 100
    etag = first["ETag"]

    def not_modified() -> None:
        response = client.get(url, headers={"if-none-match": etag})
        assert response.status_code == 304

    return [
        measure(
            f"API: first page of 100 published ratings of {total:,} (anonymous)",
            lambda: client.get(url),
            target="< 100 ms",
        ),
        measure(
            "API: a page of 100 ratings half-way through the list (cursor)",
            lambda: client.get(f"{url}&cursor={middle}"),
            target="< 100 ms",
        ),
        measure(
            "API: first page of London's published ratings",
            lambda: client.get(f"{url}&region=LON"),
            target="< 100 ms",
        ),
        measure(
            "API: the same page again with its ETag (304, no body)",
            not_modified,
            target="< 100 ms",
        ),
    ]

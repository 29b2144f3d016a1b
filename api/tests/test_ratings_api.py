"""The ratings in the API: only current ratings of published rounds, filtered as asked, with
their KPI lines as the public pages show them, a page at a time."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from api import cursor
from api.tests.conftest import Published
from programmes.models import Programme
from ratings.models import Rating, RatingRound, RoundStatus

RATINGS = reverse("api_v1:ratings")


def _get(client: Client, url: str, **params: Any) -> Any:
    response = client.get(url, params)
    assert response.status_code == 200, response.content
    return response.json()


def _ids(body: Any) -> set[int]:
    return {row["id"] for row in body["results"]}


def test_the_list_holds_current_ratings_of_published_rounds_only(
    published: Published, client: Client
) -> None:
    body = _get(client, RATINGS)
    assert _ids(body) == {
        published.london.pk,
        published.midlands.pk,
        published.overall.pk,
        published.small.pk,
    }
    assert published.draft.pk not in _ids(body)
    assert body["next"] is None


@pytest.mark.parametrize("status", [RoundStatus.PROVIDER_PREVIEW, RoundStatus.APPROVED])
def test_a_round_not_yet_published_stays_out(
    published: Published, client: Client, status: str
) -> None:
    RatingRound.objects.filter(
        pk__in=[published.qcpm.round.pk, published.qcpm.midlands_round.pk]
    ).update(status=status)
    assert _ids(_get(client, RATINGS)) == {published.small.pk}
    url = reverse("api_v1:rating", args=[published.london.pk])
    assert client.get(url).status_code == 404


def test_a_corrected_rating_shows_its_new_revision_only(
    published: Published, client: Client
) -> None:
    Rating.objects.filter(pk=published.london.pk).update(is_current=False)
    corrected = Rating.objects.create(
        round=published.london.round,
        education_provider=published.london.education_provider,
        programme=published.london.programme,
        band="high_amber",
        revision=2,
        correction_note="The fill rate was corrected.",
    )
    body = _get(client, RATINGS, year="2025/26", provider="10000001", programme="NURS-ADULT")
    assert [(r["id"], r["revision"], r["band"]) for r in body["results"]] == [
        (corrected.pk, 2, "high_amber")
    ]
    assert body["results"][0]["correction_note"] == "The fill rate was corrected."
    old = reverse("api_v1:rating", args=[published.london.pk])
    assert client.get(old).status_code == 404


def test_filters_narrow_by_year_region_provider_and_programme(
    published: Published, client: Client
) -> None:
    assert _ids(_get(client, RATINGS, year="2024/25")) == {published.small.pk}
    assert _ids(_get(client, RATINGS, year="2024")) == {published.small.pk}
    assert _ids(_get(client, RATINGS, year="2025/26", region="MID")) == {published.midlands.pk}
    assert _ids(_get(client, RATINGS, provider="10000002")) == {published.midlands.pk}
    assert _ids(_get(client, RATINGS, programme="overall")) == {published.overall.pk}
    assert _ids(_get(client, RATINGS, year="2026/27")) == set()


@pytest.mark.parametrize("year", ["2025/27", "last year", "1999"])
def test_a_year_that_is_not_one_is_refused_naming_the_parameter(
    published: Published, client: Client, year: str
) -> None:
    response = client.get(RATINGS, {"year": year})
    assert response.status_code == 400
    assert response.json()["detail"].startswith("year: ")


def test_a_parameter_too_long_is_refused_naming_it(published: Published, client: Client) -> None:
    response = client.get(RATINGS, {"provider": "1" * 9})
    assert response.status_code == 400
    assert response.json()["detail"].startswith("provider: ")


def test_a_rating_shows_its_provider_programme_band_score_and_reasons(
    published: Published, client: Client
) -> None:
    body = _get(client, reverse("api_v1:rating", args=[published.overall.pk]))
    assert body["academic_year"] == "2025/26"
    assert body["provider"]["ukprn"] == "10000001"
    assert body["provider"]["region"] == {"code": "LON", "name": "London"}
    assert body["programme"] is None
    assert (body["band"], body["band_label"], body["score"]) == ("green", "Green", 2.75)
    assert body["reasons"] == ["Every programme is rated Green."]
    assert body["published_at"].startswith("2026-07-01T")
    nursing = _get(client, reverse("api_v1:rating", args=[published.london.pk]))
    assert nursing["programme"] == {"code": "NURS-ADULT", "name": nursing["programme"]["name"]}
    assert {line["code"] for line in nursing["kpis"]} >= {"FILL", "ATTR", "NSS"}


def test_a_draft_rating_is_not_found(published: Published, client: Client) -> None:
    assert client.get(reverse("api_v1:rating", args=[published.draft.pk])).status_code == 404
    response = client.get(reverse("api_v1:rating", args=[published.draft.pk + 1000]))
    assert response.status_code == 404
    assert response.json() == {"detail": "No published rating has that id"}


def test_a_kpi_counted_over_too_few_learners_has_no_value_or_band_and_says_why(
    published: Published, client: Client
) -> None:
    body = _get(client, reverse("api_v1:rating", args=[published.small.pk]))
    lines = {line["code"]: line for line in body["kpis"]}
    for code in ("ACTN", "PROG"):
        assert lines[code]["status"] == "suppressed"
        assert lines[code]["value"] is None and lines[code]["band"] is None
        assert lines[code]["withheld_reason"] == "Not shown: too few learners"
    assert "5" not in str(lines["ACTN"]["value"])
    assert lines["FILL"]["value"] is not None and lines["FILL"]["withheld_reason"] is None


def test_pages_follow_one_another_by_cursor(
    published: Published, client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cursor, "PAGE_SIZE", 3)
    first = _get(client, RATINGS)
    assert len(first["results"]) == 3 and first["next"]
    second = client.get(first["next"]).json()
    assert len(second["results"]) == 1 and second["next"] is None
    seen = [r["id"] for r in first["results"] + second["results"]]
    assert seen == sorted(seen) and len(set(seen)) == 4


def test_a_cursor_keeps_the_filters(
    published: Published, client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cursor, "PAGE_SIZE", 1)
    first = _get(client, RATINGS, year="2025/26", region="LON")
    assert "year=2025" in first["next"] and "region=LON" in first["next"]
    second = client.get(first["next"]).json()
    assert {r["provider"]["ukprn"] for r in second["results"]} == {"10000001"}


@pytest.mark.parametrize("forged", ["nonsense!", "YWZ0ZXI6eA", "x" * 64])
def test_a_cursor_we_did_not_give_out_is_refused(
    published: Published, client: Client, forged: str
) -> None:
    response = client.get(RATINGS, {"cursor": forged})
    assert response.status_code == 400
    assert response.json()["detail"] == "cursor: not a cursor this API gave out"


def test_a_page_asks_the_same_few_queries_however_many_ratings(
    published: Published, client: Client, django_assert_max_num_queries: Any
) -> None:
    with django_assert_max_num_queries(2):
        assert len(_get(client, RATINGS)["results"]) == 4
    for programme in Programme.objects.exclude(pk=published.london.programme_id)[:12]:
        Rating.objects.create(
            round=published.london.round,
            education_provider=published.london.education_provider,
            programme=programme,
            band=published.london.band,
            score=published.london.score,
            explanation=published.london.explanation,
        )
    with django_assert_max_num_queries(2):
        assert len(_get(client, RATINGS)["results"]) == 16

"""The register in the API: only the education providers and programmes published ratings
concern, with their published fields and replies."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from api import cursor
from api.tests.conftest import Published
from ratings.models import RatingRound, RightOfReply, RoundStatus

ORGANISATIONS = reverse("api_v1:organisations")
PROGRAMMES = reverse("api_v1:programmes")


def _json(client: Client, url: str, **params: Any) -> Any:
    response = client.get(url, params)
    assert response.status_code == 200, response.content
    return response.json()


def test_organisations_are_the_providers_with_published_ratings(
    published: Published, client: Client
) -> None:
    body = _json(client, ORGANISATIONS)
    assert [(o["ukprn"], o["region"]["code"]) for o in body["results"]] == [
        ("10000001", "LON"),
        ("10000002", "MID"),
    ]
    assert set(body["results"][0]) == {"ukprn", "ods_code", "name", "region", "status", "url"}
    assert [o["ukprn"] for o in _json(client, ORGANISATIONS, region="MID")["results"]] == [
        "10000002"
    ]


def test_a_provider_whose_ratings_are_all_unpublished_is_not_in_the_register(
    published: Published, client: Client
) -> None:
    RatingRound.objects.filter(
        pk__in=[published.qcpm.round.pk, published.qcpm.midlands_round.pk]
    ).update(status=RoundStatus.APPROVED)
    assert [o["ukprn"] for o in _json(client, ORGANISATIONS)["results"]] == ["10000001"]
    response = client.get(reverse("api_v1:organisation", args=["10000002"]))
    assert response.status_code == 404


def test_a_provider_shows_its_published_replies_only(published: Published, client: Client) -> None:
    world = published.qcpm.world
    replies = [(published.qcpm.round, "We welcome it."), (published.draft.round, "Draft")]
    for round_, text in replies:
        RightOfReply.objects.create(
            round=round_,
            education_provider=world.london_ep,
            text=text,
            written_by=world.user("ep_lead"),
        )
    body = _json(client, reverse("api_v1:organisation", args=["10000001"]))
    assert body["replies"] == [{"academic_year": "2025/26", "text": "We welcome it."}]
    assert body["ratings"].endswith(f"{reverse('api_v1:ratings')}?provider=10000001")


def test_programmes_are_those_with_published_ratings(published: Published, client: Client) -> None:
    body = _json(client, PROGRAMMES)
    assert [p["code"] for p in body["results"]] == ["NURS-ADULT"]
    one = _json(client, reverse("api_v1:programme", args=["NURS-ADULT"]))
    assert one["profession"]["code"] and one["name"] == body["results"][0]["name"]
    assert client.get(reverse("api_v1:programme", args=["NO-SUCH"])).status_code == 404


def test_organisations_come_a_page_at_a_time(
    published: Published, client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cursor, "PAGE_SIZE", 1)
    first = _json(client, ORGANISATIONS)
    second = client.get(first["next"]).json()
    assert [o["ukprn"] for o in first["results"] + second["results"]] == ["10000001", "10000002"]
    assert second["next"] is None


def test_the_register_lists_ask_a_fixed_number_of_queries(
    published: Published, client: Client, django_assert_max_num_queries: Any
) -> None:
    with django_assert_max_num_queries(1):
        _json(client, ORGANISATIONS)
    with django_assert_max_num_queries(1):
        _json(client, PROGRAMMES)

"""Every answer carries an ETag and may be cached publicly for a few minutes; a client that
sends the ETag back gets 304 while nothing changed."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from api.caching import MAX_AGE
from api.tests.conftest import Published
from ratings.models import Rating

RATINGS = reverse("api_v1:ratings")


@pytest.mark.parametrize(
    "name", ["api_v1:index", "api_v1:ratings", "api_v1:organisations", "api_v1:openapi-json"]
)
def test_answers_have_an_etag_and_may_be_cached_publicly(
    published: Published, client: Client, name: str
) -> None:
    response = client.get(reverse(name))
    assert response.status_code == 200
    assert response["ETag"].startswith('"') and len(response["ETag"]) > 20
    assert set(response["Cache-Control"].replace(" ", "").split(",")) == {
        "public",
        f"max-age={MAX_AGE}",
    }
    again = client.get(reverse(name), headers={"if-none-match": response["ETag"]})
    assert again.status_code == 304 and again.content == b""
    assert again["ETag"] == response["ETag"]


def test_the_etag_changes_when_a_published_figure_does(
    published: Published, client: Client
) -> None:
    etag = client.get(RATINGS)["ETag"]
    Rating.objects.filter(pk=published.london.pk).update(band="red")
    response = client.get(RATINGS, headers={"if-none-match": etag})
    assert response.status_code == 200 and response["ETag"] != etag


def test_the_same_answer_signed_in_but_kept_private(
    published: Published, client: Client, client_for: Callable[[str], Client]
) -> None:
    """Nothing in an answer depends on who asks; a signed-in user's responses are still
    never kept by shared caches (the site-wide rule), so a cache keys on the cookie."""
    anonymous = client.get(RATINGS)
    signed_in = client_for("admin").get(RATINGS)
    assert signed_in.content == anonymous.content and signed_in["ETag"] == anonymous["ETag"]
    assert signed_in["Cache-Control"] == "private, no-store"
    assert "public" in anonymous["Cache-Control"]


def test_errors_are_not_cached(published: Published, client: Client) -> None:
    response = client.get(RATINGS, {"year": "soon"})
    assert response.status_code == 400
    assert "no-store" in response["Cache-Control"] and not response.has_header("ETag")

"""Signed-in pages and every download are never kept by a cache: private, no-store."""

from django.contrib.auth.models import AnonymousUser
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.urls import reverse

from core.middleware import PRIVATE, PrivateCacheMiddleware
from core.testing.personas import PASSWORD


def _no_store(response) -> bool:
    directives = {part.strip() for part in response.get("Cache-Control", "").split(",")}
    return {"private", "no-store"} <= directives


def test_a_signed_in_page_is_private_and_not_stored(client_for):
    response = client_for("ep_lead").get(reverse("web:home"))

    assert response.status_code == 200
    assert response["Cache-Control"] == PRIVATE


def test_a_page_that_set_its_own_caching_is_still_not_stored_once_signed_in(client_for):
    # The sign-in page sends a signed-in visitor on; the redirect is theirs too.
    response = client_for("admin").get(reverse("accounts:sign_in"))

    assert response.status_code == 302
    assert _no_store(response)


def test_the_response_to_signing_in_is_not_stored(world):
    response = Client().post(
        reverse("accounts:sign_in"), {"username": "ep.lead@world.test", "password": PASSWORD}
    )

    assert response.status_code == 302
    assert _no_store(response)


def test_spreadsheet_downloads_are_not_stored(client_for):
    client = client_for("admin")

    for export_format in ("csv", "xlsx"):
        response = client.get(reverse("access:people") + f"?format={export_format}")
        assert response.status_code == 200
        assert response["Content-Disposition"].startswith("attachment")
        assert _no_store(response), export_format


def test_any_download_is_not_stored_even_for_an_anonymous_visitor():
    def download(request):
        response = HttpResponse(b"data", content_type="text/csv")
        response["Content-Disposition"] = 'attachment; filename="data.csv"'
        response["Cache-Control"] = "public, max-age=3600"
        return response

    request = RequestFactory().get("/file.csv")
    request.user = AnonymousUser()

    response = PrivateCacheMiddleware(download)(request)

    assert response["Cache-Control"] == PRIVATE


def test_public_pages_for_anonymous_visitors_are_left_to_cache(world):
    response = Client().get(reverse("web:accessibility"))

    assert response.status_code == 200
    assert not _no_store(response)


def test_static_files_keep_their_own_caching_when_signed_in(client_for):
    response = client_for("admin").get("/static/core/app.css")

    assert response.status_code == 200
    assert not _no_store(response)

"""The API's documentation page and its OpenAPI document."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from api.v1 import api


def test_the_openapi_document_describes_every_operation(db: None, client: Client) -> None:
    document = client.get(reverse("api_v1:openapi-json")).json()
    assert document["openapi"].startswith("3.1")
    assert document["info"]["title"] == "edquality open data"
    paths = set(document["paths"])
    assert {
        "/api/v1/",
        "/api/v1/rounds",
        "/api/v1/ratings",
        "/api/v1/ratings/{rating_id}",
        "/api/v1/organisations",
        "/api/v1/organisations/{ukprn}",
        "/api/v1/programmes",
        "/api/v1/programmes/{code}",
        "/api/v1/self-assessment/reports",
        "/api/v1/self-assessment/reports/{year}",
    } == paths
    withheld = document["components"]["schemas"]["KpiLineOut"]["properties"]["withheld_reason"]
    assert "Why the value is not published" in withheld["description"]


def test_the_docs_page_lists_every_operation_with_its_parameters(db: None, client: Client) -> None:
    response = client.get(reverse("api:docs"))
    html = response.content.decode()
    assert response.status_code == 200
    assert reverse("api_v1:openapi-json") in html
    for path in api.get_openapi_schema()["paths"]:
        assert path in html
    assert "<code>cursor</code>" in html and "Academic year, written" in html
    assert "<script" not in html.split("</main>")[0].split("<main")[1]

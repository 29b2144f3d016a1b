"""The register's pages: the list with its filters, counts and downloads; an item's page
with its history; the steps a provider and a quality lead take from it."""

from __future__ import annotations

from collections.abc import Callable
from io import BytesIO
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from access.testing import World
from register.models import ItemKind, ItemStatus
from register.testing import open_item, with_evidence

pytestmark = pytest.mark.django_db

ClientFor = Callable[[str], Client]
LIST = reverse("register:list")


def _step(item: Any, step: str) -> str:
    return reverse("register:item_step", args=[item.pk, step])


def test_the_list_shows_the_regions_items_with_counts_and_filters(
    world: World, client_for: ClientFor
) -> None:
    concern = open_item(world, standard="3.2")
    open_item(world, provider="ep", kind=ItemKind.RECOMMENDATION)
    open_item(world, region="midlands")
    response = client_for("regional_lead").get(LIST, {"kind": ItemKind.CONCERN})
    page = response.content.decode()
    assert response.status_code == 200
    assert [item for item, _ in response.context["rows"]] == [concern]
    assert response.context["counts"]["total"] == 1
    assert "Your region" in page
    assert 'name="region"' not in page  # only national users choose a region
    assert f'href="{reverse("register:item", args=[concern.pk])}"' in page


def test_a_wrong_filter_value_is_named_in_the_error_summary(
    world: World, client_for: ClientFor
) -> None:
    response = client_for("admin").get(LIST, {"status": "lost"})
    assert response.status_code == 200
    assert response.context["page_error"]
    assert "Select a valid choice" in response.content.decode()


def test_a_providers_page_lists_only_that_providers_items(
    world: World, client_for: ClientFor
) -> None:
    mine = open_item(world)
    open_item(world, provider="ep")
    url = reverse("register:provider", args=[world.london_pp.pk])
    response = client_for("contract_manager").get(url)
    assert [item for item, _ in response.context["rows"]] == [mine]
    assert "Thameside Hospitals NHS Trust" in response.content.decode()


def test_the_list_downloads_as_csv_and_excel_with_its_filters(
    world: World, client_for: ClientFor
) -> None:
    open_item(world, action="=HYPERLINK(1)")
    open_item(world, provider="ep")
    client = client_for("admin")
    csv_response = client.get(LIST, {"format": "csv", "organisation": "", "kind": "concern"})
    # The download is a streaming response, which the test client's type does not know.
    body = b"".join(csv_response.streaming_content)  # type: ignore[attr-defined]
    lines = body.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("Item,Organisation,Kind,Standard,Programme,Source")
    assert len(lines) == 3
    assert "'=HYPERLINK(1)" in lines[1] + lines[2]
    xlsx = client.get(reverse("register:provider", args=[world.london_ep.pk]), {"format": "xlsx"})
    sheet = load_workbook(BytesIO(xlsx.content)).active
    assert sheet is not None
    assert sheet.max_row == 2


def test_the_number_of_queries_does_not_grow_with_the_number_of_items(
    world: World, client_for: ClientFor, django_assert_max_num_queries: Any
) -> None:
    client = client_for("regional_lead")
    for _ in range(3):
        open_item(world, programme=world.nursing, standard="1.1")
    with CaptureQueriesContext(connection) as few:
        assert client.get(LIST).status_code == 200
    for number in range(30):
        open_item(world, provider="ep", programme=world.nursing, standard=f"2.{number}")
    with CaptureQueriesContext(connection) as many, django_assert_max_num_queries(15):
        response = client.get(LIST, {"overdue": "", "kind": ""})
    assert len(response.context["rows"]) == 33
    assert len(many.captured_queries) == len(few.captured_queries)


def test_an_item_page_shows_its_history_and_the_owners_step(
    world: World, client_for: ClientFor
) -> None:
    item = open_item(world, actor="regional_lead")
    owner = client_for("pp_contributor").get(reverse("register:item", args=[item.pk]))
    assert owner.context["history"][0]["what"] == "Opened"
    assert [step.name for step in owner.context["steps"]] == ["submit"]
    lead = client_for("regional_lead").get(reverse("register:item", args=[item.pk]))
    assert [step.name for step in lead.context["steps"]] == ["escalate"]


def test_the_owner_submits_evidence_and_the_lead_returns_it_with_a_reason(
    world: World, client_for: ClientFor
) -> None:
    item = open_item(world)
    response = client_for("pp_contributor").post(_step(item, "submit"), {"text": "The new rota"})
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == ItemStatus.EVIDENCE_SUBMITTED
    lead = client_for("regional_lead")
    refused = lead.post(_step(item, "return"), {"text": ""})
    assert refused.status_code == 200
    assert "Enter why the evidence is returned" in refused.content.decode()
    assert lead.post(_step(item, "return"), {"text": "Nights are missing"}).status_code == 302
    item.refresh_from_db()
    assert item.status == ItemStatus.RETURNED
    page = client_for("pp_contributor").get(reverse("register:item", args=[item.pk]))
    assert "Nights are missing" in page.content.decode()


def test_a_step_the_item_is_not_ready_for_says_so_instead_of_a_form(
    world: World, client_for: ClientFor
) -> None:
    item = with_evidence(world, open_item(world))
    response = client_for("pp_contributor").get(_step(item, "submit"))
    assert response.context["blocked"] == (
        "The item's status is evidence submitted, so this step is not possible now."
    )
    assert 'name="text"' not in response.content.decode()
    assert client_for("regional_lead").get(_step(item, "accept")).status_code == 200


def test_a_step_the_user_may_not_take_is_not_found(world: World, client_for: ClientFor) -> None:
    item = with_evidence(world, open_item(world))
    assert client_for("contract_manager").get(_step(item, "accept")).status_code == 404
    assert client_for("regional_lead").get(_step(item, "submit")).status_code == 404
    assert client_for("admin").get(_step(item, "shred")).status_code == 404

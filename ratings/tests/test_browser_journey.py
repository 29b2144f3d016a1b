"""The QCPM from KPI file to published rating, in a real browser, as the people who do it.

A contract manager loads a year of KPI data (after correcting a file the service refused),
confirms the import, computes the ratings and opens the provider preview; the education
provider's lead sees its draft rating and queries a value; the contract manager answers,
approves and publishes; anyone can then read the rating on the public page, and the matrix
download carries it.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import Browser, FilePayload, Page, expect

from access.testing import World
from core import clock
from core.testing.browser import ConsoleErrors, new_context
from ratings.definitions.loading import kpis_load, methodology_create_default
from ratings.imports import services as services_import
from ratings.models import KpiImport, KpiValue, Rating, RatingQuery, RatingRound, RoundStatus
from ratings.testing import YEAR
from ratings.tests.import_helpers import csv_bytes, good_rows

pytestmark = pytest.mark.browser

PROVIDER = "University of Thameside"
PROGRAMME = "Pre-registration nursing (adult)"


def _csv(name: str, data: bytes) -> FilePayload:
    return {"name": name, "mimeType": "text/csv", "buffer": data}


def _upload(page: Page, name: str, data: bytes) -> None:
    # The NHS file upload script puts a "Choose file" button in front of the real input.
    page.locator("input[type=file][name=file]").set_input_files(_csv(name, data))
    page.get_by_role("button", name="Check the file").click()


def _summary(page: Page, key: str) -> Any:
    """The value beside ``key`` in the page's summary list."""
    row = page.locator(".nhsuk-summary-list__row").filter(
        has=page.locator(".nhsuk-summary-list__key", has_text=key)
    )
    return row.locator(".nhsuk-summary-list__value")


def _step(page: Page, label: str, *, closes_on: dt.date | None = None) -> None:
    """Take a workflow step from the round page: open it, confirm it, back on the round."""
    page.get_by_role("link", name=label, exact=True).click()
    expect(page.locator("h1")).to_have_text(f"{label}?")
    if closes_on is not None:
        page.get_by_label("Date the provider preview closes").fill(closes_on.isoformat())
    page.get_by_label("Why (recorded in the round's history)").fill(f"{label}: journey test")
    page.get_by_role("button", name=label, exact=True).click()
    expect(page.locator("h1")).to_have_text("London 2025/26 ratings")


def test_from_a_kpi_file_to_a_published_rating(
    browser: Browser, live_server: Any, world: World, monkeypatch: Any, tmp_path: Path
) -> None:
    # Long on purpose: one journey end to end, from a KPI file to the published rating.
    kpis_load(actor=None)
    methodology_create_default(actor=None, year=YEAR)
    # Files above this many rows go to the background worker; tests run its tasks at once
    # (conftest's immediate backend), so a 9-row file takes the worker's path here.
    monkeypatch.setattr(
        services_import, "IMPORTER", replace(services_import.IMPORTER, background_rows=3)
    )
    errors = ConsoleErrors()
    manager = errors.watch(
        new_context(browser, live_server.url, user=world.user("contract_manager")).new_page()
    )

    # 1. The first file has a mistake: the service lists it and saves nothing.
    manager.goto(reverse("ratings:kpi_import_upload"))
    bad = [*good_rows()[:-1], ("10000001", "NURS-ADULT", "2025/26", "ACTN", "lots", "", "")]
    _upload(manager, "kpis-2025.csv", csv_bytes(bad))
    expect(manager.locator("h1")).to_have_text("Errors in the file")
    expect(manager.locator(".nhsuk-error-summary")).to_contain_text("1 error in kpis-2025.csv")
    expect(manager.locator("#errors")).to_contain_text("'lots' is not a number.")
    assert not KpiValue.objects.exists() and not KpiImport.objects.exists()

    # 2. The corrected file: its plan, then the import, which the worker completes.
    manager.get_by_role("link", name="Upload a corrected file").click()
    _upload(manager, "kpis-2025.csv", csv_bytes(good_rows()))
    expect(manager.locator("h1")).to_have_text("Check the import")
    expect(manager.locator("main")).to_contain_text("imported in the background")
    expect(_summary(manager, "New values")).to_have_text("9")
    manager.get_by_role("button", name="Confirm import").click()
    expect(manager.locator("h1")).to_have_text("Import of kpis-2025.csv")
    expect(manager.locator("main")).to_contain_text("Imported kpis-2025.csv: 9 new")
    expect(_summary(manager, "Status")).to_have_text("Imported")
    assert KpiValue.objects.filter(academic_year=YEAR).count() == 9

    # 3. Compute the year's ratings and open the provider preview.
    manager.goto(reverse("ratings:round_list"))
    manager.get_by_label("Ratings to compute").select_option(label="London, 2025/26")
    manager.get_by_role("button", name="Compute ratings").click()
    expect(manager.locator("h1")).to_have_text("London 2025/26 ratings")
    expect(manager.locator("main")).to_contain_text(
        "Computed the London 2025/26: 1 programme ratings"
    )
    rating = Rating.objects.get(programme__name=PROGRAMME, is_current=True)
    band = rating.get_band_display()
    assert band in {"Green", "High Amber", "Low Amber", "Red"}
    _step(manager, "Open the provider preview", closes_on=clock.today())
    expect(_summary(manager, "Status")).to_have_text("Provider preview")

    # 4. The provider's lead sees the draft rating and queries a value behind it.
    lead_context = new_context(browser, live_server.url, user=world.user("ep_lead"))
    lead = errors.watch(lead_context.new_page())
    lead.goto(reverse("ratings:round_detail", args=[YEAR, "lon"]))
    lead.get_by_role("link", name=f"{PROGRAMME} of {PROVIDER}").click()
    expect(lead.locator("h1")).to_have_text(PROGRAMME)
    expect(_summary(lead, "Rating")).to_have_text(band)
    expect(_summary(lead, "Round status")).to_have_text("Provider preview")
    lead.get_by_role("link", name="Query a value behind this rating").click()
    lead.get_by_label("Which KPI is your query about?").select_option(label="ATTR Attrition")
    lead.get_by_label("Your query", exact=True).fill("Our attrition was 8 of 110, not 10.")
    lead.get_by_role("button", name="Send query").click()
    expect(lead.locator("main")).to_contain_text("Your query has been sent")
    expect(lead.locator("main")).to_contain_text("Our attrition was 8 of 110, not 10.")

    # 5. The contract manager answers it, approves and publishes.
    manager.goto(reverse("ratings:round_detail", args=[YEAR, "lon"]))
    manager.get_by_role("link", name=f"{PROVIDER}, {PROGRAMME}").click()
    manager.get_by_role("link", name="Answer this query").click()
    manager.get_by_label("Your answer", exact=True).fill(
        "The return we hold says 10; send the source."
    )
    manager.get_by_role("button", name="Save answer").click()
    expect(manager.locator("main")).to_contain_text("The return we hold says 10")
    assert RatingQuery.objects.get().status == RatingQuery.Status.ANSWERED
    manager.goto(reverse("ratings:round_detail", args=[YEAR, "lon"]))
    _step(manager, "Approve the ratings")
    _step(manager, "Publish the ratings")
    expect(_summary(manager, "Status")).to_have_text("Published")
    assert RatingRound.objects.get(academic_year=YEAR).status == RoundStatus.PUBLISHED

    # 6. Anyone, signed in or not, reads it on the public page.
    public = errors.watch(new_context(browser, live_server.url).new_page())
    public.goto(reverse("ratings:public") + f"?year={YEAR}")
    expect(public.locator("main tr", has_text=PROVIDER)).to_contain_text(f"{PROGRAMME}: {band}")
    public.get_by_role("link", name=PROVIDER).first.click()
    expect(public.locator("h1")).to_have_text(PROVIDER)
    expect(public.get_by_role("heading", name=f"{PROGRAMME}: {band}")).to_be_visible()

    # 7. The ratings matrix download carries the published rating.
    manager.goto(reverse("ratings:matrix") + f"?year={YEAR}")
    with manager.expect_download() as download:
        manager.get_by_role("link", name="CSV file of ratings").click()
    saved = tmp_path / "ratings.csv"
    download.value.save_as(saved)
    table = list(csv.DictReader(io.StringIO(saved.read_text(encoding="utf-8-sig"))))
    assert [(r["Education provider"], r[PROGRAMME]) for r in table] == [(PROVIDER, band)]

    assert errors.messages == []
    for page in (manager, lead, public):
        page.context.close()

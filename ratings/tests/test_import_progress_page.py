"""An import's progress page keeps its status line up to date without reloading the page."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import Browser, expect

from access.testing import World
from core.testing.browser import ConsoleErrors, new_context
from ratings.models import KpiImport

pytestmark = pytest.mark.browser


def test_the_status_follows_the_import_and_says_when_it_has_finished(
    browser: Browser, live_server: Any, world: World
) -> None:
    kpi_import = KpiImport.objects.create(
        file_name="big.csv",
        sha256="1" * 64,
        uploaded_by=world.user("contract_manager"),
        status=KpiImport.Status.RUNNING,
        rows_total=20000,
        rows_done=5000,
    )
    context = new_context(browser, live_server.url, user=world.user("contract_manager"))
    errors = ConsoleErrors()
    page = errors.watch(context.new_page())
    page.goto(reverse("ratings:kpi_import_detail", args=[kpi_import.pk]))
    status = page.get_by_role("status")
    expect(status).to_have_text("Checked 5,000 of 20,000 rows (25%).")
    # With the script running, the link to check again by hand is not needed.
    expect(page.get_by_role("link", name="Check how far it has got")).to_be_hidden()
    page.evaluate("window.notReloaded = true")

    KpiImport.objects.filter(pk=kpi_import.pk).update(rows_done=10000)
    expect(status).to_have_text("Checked 10,000 of 20,000 rows (50%).", timeout=10_000)

    KpiImport.objects.filter(pk=kpi_import.pk).update(
        status=KpiImport.Status.IMPORTED,
        rows_done=20000,
        summary={"rows": 20000, "created": 20000, "changed": 0, "unchanged": 0},
    )
    expect(status).to_have_text(
        "The import has finished. See the outcome of the import.", timeout=10_000
    )
    assert page.evaluate("window.notReloaded") is True
    status.get_by_role("link", name="See the outcome of the import").click()
    expect(page.locator("h1")).to_have_text("Import of big.csv")
    assert errors.messages == []
    context.close()


def test_without_javascript_the_page_offers_to_check_again(
    browser: Browser, live_server: Any, world: World
) -> None:
    kpi_import = KpiImport.objects.create(
        file_name="big.csv",
        sha256="1" * 64,
        uploaded_by=world.user("admin"),
        status=KpiImport.Status.QUEUED,
        rows_total=20000,
    )
    context = new_context(browser, live_server.url, user=world.user("admin"), javascript=False)
    page = context.new_page()
    page.goto(reverse("ratings:kpi_import_detail", args=[kpi_import.pk]))
    expect(page.get_by_role("status")).to_have_text("Waiting for the background worker to start.")
    KpiImport.objects.filter(pk=kpi_import.pk).update(
        status=KpiImport.Status.RUNNING, rows_done=2000
    )
    page.get_by_role("link", name="Check how far it has got").click()
    expect(page.get_by_role("status")).to_have_text("Checked 2,000 of 20,000 rows (10%).")
    context.close()


def test_the_check_of_a_large_file_is_followed_until_it_has_finished(
    browser: Browser, live_server: Any, world: World
) -> None:
    kpi_import = KpiImport.objects.create(
        file_name="large.xlsx",
        sha256="1" * 64,
        uploaded_by=world.user("contract_manager"),
        status=KpiImport.Status.CHECKING,
        by_worker=True,
    )
    context = new_context(browser, live_server.url, user=world.user("contract_manager"))
    errors = ConsoleErrors()
    page = errors.watch(context.new_page())
    page.goto(reverse("ratings:kpi_import_detail", args=[kpi_import.pk]))
    status = page.get_by_role("status")
    expect(status).to_have_text("Waiting for the background worker to check the file.")

    KpiImport.objects.filter(pk=kpi_import.pk).update(rows_done=5000)
    expect(status).to_have_text("Checked 5,000 rows so far.", timeout=10_000)

    KpiImport.objects.filter(pk=kpi_import.pk).update(
        status=KpiImport.Status.REFUSED,
        summary={"errors": [[2, "value", "'3,5' has a comma."]], "error_total": 1},
    )
    expect(status).to_have_text("The check has finished. See what the check found.", timeout=10_000)
    status.get_by_role("link", name="See what the check found").click()
    expect(page.locator("h1")).to_have_text("Errors in the file")
    assert errors.messages == []
    context.close()

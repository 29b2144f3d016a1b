"""Someone without an account finds everything published from the home page, reads it on a
desktop or a phone, and downloads its tables."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from access.testing import World
from assessments.tests.access_rules_report import PUBLISHED_YEAR as REPORT_YEAR
from assessments.tests.access_rules_report import _published as publish_report
from core.testing.browser import ConsoleErrors, new_context
from ratings.tests.access_rules_reports import with_published

pytestmark = pytest.mark.browser


def _fits(page: Page, width: int) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= width, page.url


@pytest.mark.parametrize("width", [1280, 375])
def test_the_public_finds_published_ratings_and_reports_from_the_home_page(
    browser: Browser, live_server: Any, world: World, width: int
) -> None:
    with_published(world)
    publish_report(world)
    errors = ConsoleErrors()
    context = new_context(browser, live_server.url, width=width)
    page = errors.watch(context.new_page())
    page.goto("/")
    _fits(page, width)

    page.get_by_role("link", name="Education provider ratings").click()
    expect(page.locator("h1")).to_contain_text("Published education ratings")
    _fits(page, width)
    with page.expect_download() as download:
        page.get_by_role("link", name="CSV file of ratings").click()
    assert download.value.suggested_filename == "published-ratings-2024.csv"
    page.get_by_role("link", name="University of Thameside").click()
    expect(page.locator("h1")).to_have_text("University of Thameside")
    _fits(page, width)
    with page.expect_download() as download:
        page.get_by_role("link", name="Excel file of scores by year").click()
    assert download.value.suggested_filename.endswith("-by-year.xlsx")

    page.goto("/")
    page.get_by_role("link", name="Placement provider self-assessment: national reports").click()
    expect(page.locator("h1")).to_contain_text("national reports")
    page.get_by_role("link", name=f"National report {REPORT_YEAR}/").click()
    expect(page.locator("h1")).to_contain_text("National report")
    _fits(page, width)
    with page.expect_download() as download:
        page.get_by_role("link", name="domains (CSV)").click()
    assert download.value.suggested_filename.endswith("-domains.csv")
    assert not errors.messages
    context.close()

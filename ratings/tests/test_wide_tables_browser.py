"""Wide tables never make a page scroll sideways: the ratings matrix scrolls inside its own
region with its header row and providers' column kept in view, and the KPI tables fold up
on a phone. Checked in a real browser at desktop width and at a small phone's."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import Browser, Page

from access.testing import World
from core.testing.browser import new_context
from organisations.kinds import OrganisationKind
from organisations.models import Organisation
from programmes.models import Programme
from ratings.models import Rating, RatingBand
from ratings.testing import Qcpm
from ratings.tests.access_rules_reports import PUBLISHED_YEAR, with_published

pytestmark = pytest.mark.browser

DESKTOP, PHONE = 1280, 375
BANDS = [RatingBand.GREEN, RatingBand.HIGH_AMBER, RatingBand.LOW_AMBER, RatingBand.RED]


def _wide_matrix(qcpm: Qcpm) -> None:
    """Every programme rated for London's provider, and twenty more providers: the matrix is
    wider and taller than any screen."""
    world = qcpm.world
    programmes = list(Programme.objects.exclude(pk=world.nursing.pk).order_by("pk"))
    Rating.objects.bulk_create(
        Rating(round=qcpm.round, education_provider=world.london_ep, programme=p, band=BANDS[i % 4])
        for i, p in enumerate(programmes)
    )
    for n in range(20):
        provider = Organisation.objects.create(
            kind=OrganisationKind.EDUCATION_PROVIDER,
            name=f"Provider {n:02d} of a long name, University",
            ukprn=f"1009{n:04d}",
            region=world.london_ep.region,
        )
        Rating.objects.create(
            round=qcpm.round, education_provider=provider, programme=world.nursing, band="green"
        )


def _page_width(page: Page) -> int:
    return int(page.evaluate("document.documentElement.scrollWidth"))


@pytest.fixture
def pages(qcpm: Qcpm, world: World) -> dict[str, str]:
    _wide_matrix(qcpm)
    with_published(world)
    london = world.london_ep.pk
    return {
        "matrix": reverse("ratings:matrix"),
        "rating": reverse("ratings:rating", args=[qcpm.ratings["london"].pk]),
        "provider": reverse("ratings:provider", args=[london]),
        "public": reverse("ratings:public"),
        "public provider": reverse("ratings:public_provider", args=[london])
        + f"?year={PUBLISHED_YEAR}",
    }


def test_no_ratings_page_is_wider_than_the_screen(
    browser: Browser, live_server: Any, world: World, pages: dict[str, str]
) -> None:
    too_wide = []
    for width in (DESKTOP, PHONE):
        context = new_context(browser, live_server.url, user=world.user("admin"), width=width)
        page = context.new_page()
        for name, path in pages.items():
            page.goto(path)
            if (wide := _page_width(page)) > width:
                too_wide.append(f"{name} is {wide}px wide at {width}px")
        context.close()
    assert not too_wide


@pytest.mark.parametrize("width", [DESKTOP, PHONE])
def test_the_matrix_scrolls_in_its_region_keeping_providers_and_programmes_in_view(
    browser: Browser, live_server: Any, world: World, pages: dict[str, str], width: int
) -> None:
    context = new_context(browser, live_server.url, user=world.user("admin"), width=width)
    page = context.new_page()
    page.goto(pages["matrix"])
    region = page.get_by_role("region", name="Ratings matrix, scrolls sideways and down")
    size = region.evaluate("r => [r.scrollWidth, r.clientWidth, r.scrollHeight, r.clientHeight]")
    assert size[0] > size[1] and size[2] > size[3], "the region itself scrolls both ways"
    box = region.bounding_box()
    assert box is not None and box["x"] + box["width"] <= width

    first_provider = region.locator("tbody th").first
    first_programme = region.locator("thead th").nth(3)
    left_before = first_provider.bounding_box()
    top_before = first_programme.bounding_box()
    region.evaluate("r => { r.scrollLeft = 600; r.scrollTop = 300; }")
    page.wait_for_timeout(50)
    left_after = first_provider.bounding_box()
    top_after = first_programme.bounding_box()
    assert left_before and left_after and top_before and top_after
    assert abs(left_after["x"] - left_before["x"]) < 1, "the providers' column stays put"
    assert abs(top_after["y"] - top_before["y"]) < 1, "the header row stays put"
    assert top_after["x"] < top_before["x"] - 100, "the programmes moved sideways"
    # The region is reachable with the keyboard, so it can be scrolled without a mouse.
    assert region.get_attribute("tabindex") == "0"
    context.close()


def test_kpi_tables_fold_up_on_a_phone_and_stay_tables_on_a_desktop(
    browser: Browser, live_server: Any, world: World, pages: dict[str, str]
) -> None:
    for width, folded in ((PHONE, True), (DESKTOP, False)):
        context = new_context(browser, live_server.url, user=world.user("admin"), width=width)
        page = context.new_page()
        for name in ("rating", "public provider", "public"):
            page.goto(pages[name])
            heading = page.locator("main .nhsuk-table-responsive__heading").first
            assert heading.is_visible() is folded, f"{name} at {width}px"
        context.close()

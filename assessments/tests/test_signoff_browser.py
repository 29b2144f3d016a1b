"""In a real browser, without JavaScript: the executive reads, confirms and signs off, sees the
content hash, and the history shows that sign-off verified."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import Browser, expect

from access.testing import World
from assessments.models import SignOff
from assessments.signoff.services import content_hash, snapshot_of, submission_send
from assessments.testing import answer_all
from assessments.tests.signoff_helpers import build_signing
from core.testing.browser import ConsoleErrors, new_context

pytestmark = pytest.mark.browser


def test_the_executive_signs_off_in_the_browser_and_the_history_shows_it_verified(
    browser: Browser, live_server: Any, assessment: Any
) -> None:
    world = assessment.world
    answer_all(assessment.london)
    submission_send(
        actor=world.user("pp_contributor"),
        submission=assessment.london,
        signatory=world.user("pp_executive"),
    )
    sha256 = content_hash(snapshot_of(assessment.london))
    context = new_context(
        browser, live_server.url, user=world.user("pp_executive"), javascript=False
    )
    errors = ConsoleErrors()
    page = errors.watch(context.new_page())
    page.goto(reverse("assessments:sign", args=[assessment.london.pk]))
    expect(page.locator("#content-hash")).to_contain_text(sha256)
    page.get_by_role("button", name="Sign off and submit").click()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text(
        "Confirm the declaration to sign off"
    )
    page.get_by_label("I confirm the declaration above").check()
    page.get_by_role("button", name="Sign off and submit").click()
    page.wait_for_load_state()
    expect(page).to_have_url(
        live_server.url + reverse("assessments:history", args=[assessment.london.pk])
    )
    expect(page.locator("main")).to_contain_text(f"The content hash is {sha256}")
    row = page.locator("table").first.locator("tbody tr").first
    expect(row).to_contain_text("Version 1")
    expect(row).to_contain_text(sha256)
    expect(row.locator(".nhsuk-tag")).to_have_text("Verified")
    assert SignOff.objects.get().sha256 == sha256
    assert not errors.messages
    context.close()


def test_the_sign_off_page_opens_on_the_summary_with_the_record_folded_by_domain(
    browser: Browser, live_server: Any, world: World
) -> None:
    signing = build_signing(world)
    context = new_context(browser, live_server.url, user=world.user("pp_executive"))
    errors = ConsoleErrors()
    page = errors.watch(context.new_page())
    page.goto(reverse("assessments:sign", args=[signing.submission.pk]))
    main = page.locator("main")
    headings = main.locator("h2").all_inner_texts()
    assert headings[:4] == [
        "Summary",
        "Not met and partially met",
        "Changes since 2024/25",
        "Full record",
    ]
    domains = main.locator("details")
    expect(domains).to_have_count(6)
    expect(main.locator("details[open]")).to_have_count(0)
    folded = _height(page)
    # The summary fits in the first few screens; the 97 questions are there when opened.
    assert folded < 9000
    hash_code = page.locator("#content-hash code")
    colour = hash_code.evaluate("code => getComputedStyle(code).color")
    text_colour = main.evaluate("main => getComputedStyle(main).color")
    assert colour == text_colour and colour != "rgb(213, 40, 27)"  # not the error red
    for summary in domains.locator("summary").all():
        summary.click()
    expect(main.locator("details[open]")).to_have_count(6)
    assert _height(page) > 3 * folded
    expect(main.locator("details").first).to_contain_text("Due: 12 May 2027.")
    assert not errors.messages
    context.close()


def _height(page: Any) -> int:
    return int(page.evaluate("() => document.documentElement.scrollHeight"))

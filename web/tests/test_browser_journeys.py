"""Journeys through a real browser: keyboard-only sign-in, no JavaScript, focus and console."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import Browser, Page, expect

from access.testing import PASSWORD, World
from core.testing.browser import ConsoleErrors, new_context

pytestmark = pytest.mark.browser


def _tab_to(page: Page, element_id: str, limit: int = 30) -> None:
    """Press Tab until the element with ``element_id`` has focus, as a keyboard user would."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement && document.activeElement.id") == element_id:
            return
    raise AssertionError(f"#{element_id} was not reached in {limit} presses of Tab")


def _sign_in_with_keyboard(page: Page, email: str, password: str) -> None:
    page.goto(reverse("accounts:sign_in"))
    _tab_to(page, "id_username")
    page.keyboard.type(email)
    page.keyboard.press("Tab")
    expect(page.locator("#id_password")).to_be_focused()
    page.keyboard.type(password)
    page.keyboard.press("Enter")
    page.wait_for_load_state()


def test_a_keyboard_user_can_sign_in_and_reach_the_home_page(
    browser: Browser, live_server: Any, world: World
) -> None:
    context = new_context(browser, live_server.url)
    page = context.new_page()
    _sign_in_with_keyboard(page, world.user("admin").email, PASSWORD)
    expect(page).to_have_url(live_server.url + reverse("web:home"))
    expect(page.locator("h1")).to_have_text("Welcome, Admin")
    context.close()


def test_signing_in_works_without_javascript(
    browser: Browser, live_server: Any, world: World
) -> None:
    context = new_context(browser, live_server.url, javascript=False)
    page = context.new_page()
    page.goto(reverse("accounts:sign_in"))
    assert "js-enabled" not in (page.locator("body").get_attribute("class") or "")
    page.get_by_label("E-mail address").fill(world.user("regional_lead").email)
    page.get_by_label("Password").fill(PASSWORD)
    page.locator("main").get_by_role("button", name="Sign in").press("Enter")
    page.wait_for_load_state()
    expect(page).to_have_url(live_server.url + reverse("web:home"))
    expect(page.locator("h1")).to_have_text("Welcome, Regional")
    context.close()


def test_a_wrong_password_shows_the_error_summary_and_moves_focus_to_it(
    browser: Browser, live_server: Any, world: World
) -> None:
    context = new_context(browser, live_server.url)
    page = context.new_page()
    _sign_in_with_keyboard(page, world.user("admin").email, "not-the-password")
    summary = page.locator(".nhsuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_contain_text("Enter a correct e-mail address and password")
    expect(summary).to_be_focused()
    assert page.title().startswith("Error: ")
    # The summary's link takes the user to the field to correct.
    summary.get_by_role("link").click()
    expect(page.locator("#id_username")).to_be_focused()
    context.close()


def test_the_skip_link_comes_first_and_moves_focus_to_the_main_content(
    browser: Browser, live_server: Any, world: World
) -> None:
    context = new_context(browser, live_server.url, user=world.user("admin"))
    page = context.new_page()
    page.goto(reverse("organisations:list"))
    page.keyboard.press("Tab")
    skip_link = page.get_by_role("link", name="Skip to main content")
    expect(skip_link).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("main#maincontent")).to_be_focused()
    # The next Tab starts from the main content, not from the header again.
    page.keyboard.press("Tab")
    inside_main = page.evaluate("document.querySelector('main').contains(document.activeElement)")
    assert inside_main, "Tab after the skip link should land inside the main content"
    context.close()


@pytest.mark.parametrize("persona", ["admin", "anonymous"])
def test_pages_log_no_console_errors_or_csp_refusals(
    browser: Browser, live_server: Any, world: World, persona: str
) -> None:
    user = None if persona == "anonymous" else world.user(persona)
    context = new_context(browser, live_server.url, user=user)
    page = context.new_page()
    errors = ConsoleErrors()
    errors.watch(page)
    paths = [reverse("web:home"), reverse("accounts:sign_in")]
    if user is not None:
        paths = [reverse("web:home"), reverse("organisations:list")]
    for path in paths:
        response = page.goto(path)
        assert response is not None
        assert response.status == 200, path
        page.wait_for_load_state("networkidle")
        # The design system marks each component it starts: proof the module script ran.
        expect(page.locator(".nhsuk-skip-link")).to_have_attribute("data-nhsuk-skip-link-init", "")
    context.close()
    assert not errors.messages, "\n".join(errors.messages)

"""Every page type, and the states that matter, has no WCAG 2.2 A or AA failure that axe finds.

The pages come from the access rules, so a new page joins the sweep as soon as its rule is
written. Each page is visited as a persona who may see it, and all failures are reported at
once.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import Browser, Page

from access.testing import ANONYMOUS, SIGNED_IN, World
from core.testing.access import Rule, all_rules
from core.testing.browser import axe_violations, describe, new_context

pytestmark = pytest.mark.browser


@dataclass(frozen=True)
class Visit:
    """One page state to check: who looks, where, and what they do first."""

    label: str
    persona: str
    path: str
    status: int = 200
    before: Callable[[Page], None] | None = None
    shows: str = "main h1"  # a selector the state must show, so the right thing is checked
    width: int = 1280


def _status(rule: Rule, persona: str) -> int | None:
    if persona in rule.status_for:
        return rule.status_for[persona]
    return rule.ok_status if persona in rule.allowed else None


def _viewer(rule: Rule) -> str | None:
    """Prefer the national administrator, who sees most; else whoever gets the page."""
    for persona in ["admin", ANONYMOUS, *sorted(SIGNED_IN - {"admin"})]:
        if _status(rule, persona) == 200:
            return persona
    return None


def _submit_empty(page: Page) -> None:
    page.locator("main").get_by_role("button", name="Sign in", exact=True).click()
    page.wait_for_load_state()


PHONE = 375  # CSS pixels: a small phone's width, below every NHS layout breakpoint
ERRORS = ".nhsuk-error-summary .nhsuk-error-summary__list a"


def _turn_on_without_a_code(page: Page) -> None:
    page.locator("main").get_by_role("button", name="Turn on two-step verification").click()
    page.wait_for_load_state()


def _with_two_step(world: World, persona: str) -> str:
    """A persona who has set up two-step verification, so their pages ask for a code."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    TOTPDevice.objects.get_or_create(user=world.user(persona), defaults={"name": "Phone"})
    return persona


def _open_more_menu(page: Page) -> None:
    page.locator(".nhsuk-header__menu-toggle").click()


def _fail_sign_in_until(heading: str, accounts: int) -> Callable[[Page], None]:
    """Submit wrong passwords (cycling through ``accounts`` made-up accounts) until the page's
    heading says ``heading``: the locked-out page, or the page refusing the address."""

    def before(page: Page) -> None:
        for attempt in range(20):
            if page.locator("main h1", has_text=heading).count():
                return
            page.locator("#id_username").fill(f"nobody{attempt % accounts}@world.test")
            page.locator("#id_password").fill("not-the-password")
            page.locator("main").get_by_role("button", name="Sign in", exact=True).click()
            page.wait_for_load_state()

    return before


def _two_step_visits(world: World) -> list[Visit]:
    return [
        Visit(
            "two-step set-up with an error",
            "pp_contributor",
            reverse("accounts:two_step_set_up"),
            before=_turn_on_without_a_code,
            shows=ERRORS,
        ),
        Visit(
            "two-step code asked for",
            _with_two_step(world, "no_role"),
            reverse("accounts:two_step_verify"),
            shows="main input[name=code]",
        ),
    ]


def visits(world: World) -> list[Visit]:
    found = []
    for name, rule in sorted(all_rules().items()):
        if not rule.sweep or rule.method != "GET":
            continue
        persona = _viewer(rule)
        if persona is None:
            continue  # a redirect or download: nothing to look at
        path = reverse(name, kwargs=rule.kwargs(world) or None) + rule.query
        found.append(Visit(name, persona, path))
        # Tables and long values overflow on a phone; a region that scrolls must be reachable.
        found.append(Visit(f"{name} on a phone", persona, path, width=PHONE))
    sign_in = reverse("accounts:sign_in")
    home = reverse("web:home")
    found += [
        Visit("page not found", "admin", "/no-such-page/", status=404),
        Visit("page not found, signed out", ANONYMOUS, "/no-such-page/", status=404),
        Visit("sign-in with errors", ANONYMOUS, sign_in, before=_submit_empty, shows=ERRORS),
        *_two_step_visits(world),
        Visit(
            "audit log filter with an error",
            "admin",
            reverse("web:audit_log") + "?date_from=2026-02-02&date_to=2026-01-01",
            shows=ERRORS,
        ),
        *(Visit(f"home page as {p}", p, home) for p in sorted(SIGNED_IN | {ANONYMOUS})),
        *(
            Visit(f"home page as {p} on a phone", p, home, width=PHONE)
            for p in sorted(SIGNED_IN | {ANONYMOUS})
        ),
        # A phone-sized screen folds navigation into a "More" menu that the script opens.
        Visit(
            "home page on a narrow screen, More menu open",
            "admin",
            home,
            before=_open_more_menu,
            shows='.nhsuk-header__menu-toggle[aria-expanded="true"]',
            width=PHONE,
        ),
    ]
    # Last, because they leave the anonymous browser's address refused for sign-in: the
    # visits before them in a shard still sign in as they need to.
    found += [
        Visit(
            "locked-out page",
            ANONYMOUS,
            sign_in,
            before=_fail_sign_in_until("Your account is locked", accounts=1),
            shows='main h1:has-text("Your account is locked")',
        ),
        Visit(
            "too many sign-in attempts from one address",
            ANONYMOUS,
            sign_in,
            before=_fail_sign_in_until("Too many attempts to sign in", accounts=20),
            shows='main h1:has-text("Too many attempts to sign in")',
        ),
    ]
    return found


def too_wide(label: str, page: Page, width: int) -> list[str]:
    """A page wider than the screen scrolls sideways as a whole: a wide table must scroll
    inside its own region or fold up on a narrow screen instead."""
    wide = page.evaluate("document.documentElement.scrollWidth")
    return [f"{label}: the page is {wide}px wide on a {width}px screen"] if wide > width else []


# The sweep is split into shards so that parallel test workers share it; every shard builds
# the same list of visits and checks every SHARDS-th one, so together they check them all.
SHARDS = 4


@pytest.mark.parametrize("shard", range(SHARDS))
def test_no_page_has_an_accessibility_violation(
    shard: int, browser: Browser, live_server: Any, world: World, settings: Any
) -> None:
    # Small enough for the sweep to reach the lockout and the address limit quickly.
    settings.AXES_FAILURE_LIMIT = 3
    settings.SIGN_IN_ADDRESS_LIMIT = 6
    pages: dict[tuple[str, int], Page] = {}
    problems: list[str] = []
    checked = 0
    try:
        for visit in visits(world)[shard::SHARDS]:
            key = (visit.persona, visit.width)
            if key not in pages:
                user = None if visit.persona == ANONYMOUS else world.user(visit.persona)
                context = new_context(browser, live_server.url, user=user, width=visit.width)
                pages[key] = context.new_page()
            page = pages[key]
            response = page.goto(visit.path)
            status = response.status if response else None
            if status != visit.status:
                problems.append(f"{visit.label}: expected {visit.status}, got {status}")
                continue
            if visit.before is not None:
                visit.before(page)
            if not page.locator(visit.shows).count():
                problems.append(f"{visit.label}: nothing matches {visit.shows!r} at {page.url}")
                continue
            label = f"{visit.label} ({visit.persona}, {page.url.removeprefix(live_server.url)})"
            problems += describe(label, axe_violations(page))
            problems += too_wide(label, page, visit.width)
            checked += 1
    finally:
        for page in pages.values():
            page.context.close()
    assert not problems, f"{len(problems)} problems on {checked} pages:\n" + "\n".join(problems)

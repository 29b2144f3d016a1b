"""Helpers for the browser tests: find Chromium, start Playwright once, sign personas in, run axe.

Playwright cannot download its own browsers here, so the tests drive the distribution's
Chromium. When it is missing the tests skip on a developer's machine but fail in CI, where
a silent skip would hide a broken accessibility gate.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import Browser, BrowserContext, ConsoleMessage, Page, sync_playwright

DEFAULT_CHROMIUM = "/usr/bin/chromium"
OFF_MACHINE = re.compile(r"^(?!https?://(127\.0\.0\.1|localhost|\[::1\])[:/])[a-z]+://")

# Quiet, sandbox-free Chromium that makes no calls home: the tests talk to the live server only.
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]

# Every WCAG level A and AA rule axe knows, up to WCAG 2.2.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]

AXE_PATH = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"


def chromium_path() -> str:
    """Where Chromium should be: ``CHROMIUM_PATH`` when set, else the Debian package's path."""
    return os.environ.get("CHROMIUM_PATH") or DEFAULT_CHROMIUM


def require_chromium() -> str:
    """The Chromium executable, or skip (fail in CI) with a message saying how to get one."""
    path = chromium_path()
    if Path(path).is_file() and os.access(path, os.X_OK):
        return path
    found = shutil.which(path)
    if found:
        return found
    message = (
        f"Chromium not found at {path}; install Debian's chromium package or set CHROMIUM_PATH"
    )
    if os.environ.get("CI") == "true":
        pytest.fail(message + " (CI must run the browser tests, not skip them)")
    pytest.skip(message)


@contextmanager
def launched_browser() -> Iterator[Browser]:
    """One headless Chromium for a whole module of tests; starting it costs about a second."""
    executable = require_chromium()
    # Playwright's sync API keeps an event loop in this thread, which makes Django's ORM
    # refuse to run ("cannot call this from an async context") although nothing here is
    # async. Tests still build their data in this thread, so allow it while the browser runs.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=executable, headless=True, args=LAUNCH_ARGS
            )
            try:
                yield browser
            finally:
                browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


def new_context(
    browser: Browser,
    base_url: str,
    *,
    user: Any = None,
    javascript: bool = True,
    width: int = 1280,
) -> BrowserContext:
    """A fresh browser profile for ``base_url``, signed in as ``user`` when one is given."""
    context = browser.new_context(
        base_url=base_url, java_script_enabled=javascript, viewport={"width": width, "height": 900}
    )
    # Tests talk only to this machine: any request elsewhere (such as the NHS web fonts the
    # stylesheet asks for) is aborted before it leaves the browser.
    context.route(OFF_MACHINE, lambda route: route.abort())
    if user is not None:
        name, value = session_cookie(user)
        context.add_cookies([{"name": name, "value": value, "url": base_url}])
    return context


def session_cookie(user: Any) -> tuple[str, str]:
    """The name and value of a session cookie for ``user``, as the test client signs people in."""
    client = Client()
    client.force_login(user)
    morsel = client.cookies[settings.SESSION_COOKIE_NAME]
    return morsel.key, morsel.value


@dataclass
class ConsoleErrors:
    """Collects a page's console errors and uncaught exceptions, CSP refusals included."""

    messages: list[str] = field(default_factory=list)

    def watch(self, page: Page) -> Page:
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.messages.append(f"uncaught: {error}"))
        return page

    def _console(self, message: ConsoleMessage) -> None:
        if message.type != "error":
            return
        url = message.location.get("url", "")
        if OFF_MACHINE.match(url) and message.text.startswith("Failed to load resource"):
            return  # aborted on purpose by new_context; a CSP refusal reads differently
        self.messages.append(f"{message.text} ({url})")


def axe_violations(page: Page) -> list[dict[str, Any]]:
    """Run axe-core on the page as it stands and return its WCAG A/AA violations.

    The script is evaluated through the DevTools protocol rather than added as a script
    tag: the site's Content-Security-Policy rightly refuses inline scripts, and this way the
    policy stays exactly as users get it (so CSP errors in other tests still mean something).
    """
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(_axe_source())
    options = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}
    violations: list[dict[str, Any]] = page.evaluate(
        """async (options) => {
            const result = await axe.run(document, options);
            return result.violations.map((v) => ({
                id: v.id, impact: v.impact, help: v.help,
                targets: v.nodes.map((node) => node.target.join(" ")),
            }));
        }""",
        options,
    )
    return violations


@cache
def _axe_source() -> str:
    if not AXE_PATH.is_file():
        raise AssertionError(
            f"axe-core is missing from {AXE_PATH}; run make install (it runs npm ci)"
        )
    return AXE_PATH.read_text(encoding="utf-8")


def describe(label: str, violations: list[dict[str, Any]]) -> list[str]:
    """Readable lines for a test failure: page, rule, impact, help and the failing elements."""
    return [
        f"{label}: {v['id']} ({v['impact']}) {v['help']} -> {', '.join(v['targets'])}"
        for v in violations
    ]


ERROR_SUMMARY = ".nhsuk-error-summary"
SITE_SCRIPT = re.compile(r"\.m?js(\?.*)?$")


@dataclass(frozen=True)
class State:
    """One page state to check with axe: who looks, where, what they do first, what must
    then show (so that the right state is checked) and whether scripts run."""

    label: str
    persona: str
    path: str
    before: Callable[[Page], None] | None = None
    shows: str = "main h1"
    javascript: bool = True


def send_first_form(page: Page) -> None:
    """Submit the page's first form in the main content as it stands."""
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state()


def fill_and_send(selector: str, value: str) -> Callable[[Page], None]:
    def act(page: Page) -> None:
        page.locator(selector).first.fill(value)
        send_first_form(page)

    return act


def state_problems(
    browser: Browser, base_url: str, users: Any, states: Sequence[State]
) -> list[str]:
    """Visit each state in order (one browser profile per persona and script setting) and
    return every problem: a status other than 200, a missing marker, an axe violation.
    ``users`` maps a persona name to its user (``World.user``); "anonymous" is nobody."""
    pages: dict[tuple[str, bool], Page] = {}
    problems: list[str] = []
    try:
        for state in states:
            key = (state.persona, state.javascript)
            if key not in pages:
                user = None if state.persona == "anonymous" else users(state.persona)
                context = new_context(browser, base_url, user=user)
                if not state.javascript:
                    # axe cannot run where scripts are off, so the site's own scripts are
                    # refused instead: the page is what a browser without them shows.
                    context.route(SITE_SCRIPT, lambda route: route.abort())
                pages[key] = context.new_page()
            page = pages[key]
            response = page.goto(state.path)
            if response is None or response.status != 200:
                problems.append(f"{state.label}: status {response and response.status}")
                continue
            if state.before is not None:
                state.before(page)
            if not page.locator(state.shows).count():
                problems.append(f"{state.label}: nothing matches {state.shows!r} at {page.url}")
                continue
            problems += describe(f"{state.label} ({state.persona})", axe_violations(page))
    finally:
        for page in pages.values():
            page.context.close()
    return problems

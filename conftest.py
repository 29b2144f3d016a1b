"""Fixtures every test can use: fast hashing, tasks run at once, the persona world."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.tasks import task_backends
from django.test import Client
from django.utils.connection import BaseConnectionHandler

from access.testing import World, build_world
from core.testing.days import suite_moment

# The day every test runs on: a named Monday, so that no test depends on the machine's date.
# EDQUALITY_TODAY=YYYY-MM-DD (or an ISO date and time, London) runs the whole suite on another
# day instead; tests that name their own day still travel to it. The clock keeps running.
TEST_DAY = "2026-11-30T10:00"
_travel: Any = None


def pytest_configure(config: pytest.Config) -> None:
    # Started here rather than in a fixture so that collection (module constants) sees the
    # same day as the tests.
    global _travel
    import time_machine

    moment = suite_moment(os.environ.get("EDQUALITY_TODAY", "").strip() or TEST_DAY)
    _travel = time_machine.travel(moment, tick=True)
    _travel.start()


def pytest_report_header(config: pytest.Config) -> str:
    day = os.environ.get("EDQUALITY_TODAY", "").strip()
    named = f"{day} (EDQUALITY_TODAY)" if day else f"{TEST_DAY} (the suite's named day)"
    return f"edquality: the tests start on {named}"


def pytest_unconfigure(config: pytest.Config) -> None:
    if _travel is not None:
        _travel.stop()


@receiver(setting_changed)
def _reset_task_backends(*, setting: str, **kwargs: Any) -> None:
    # Django caches task backends; drop them when a test changes TASKS.
    if setting == "TASKS":
        task_backends.__dict__.pop("settings", None)
        BaseConnectionHandler.__init__(task_backends)


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix: None) -> None:
    # Each parallel test process gets its own test database (the suffix fixture names it).
    # The live server answers each request in a new thread; persistent connections there
    # would outlive the tests and block dropping the PostgreSQL test database.
    from django.db import connections

    for alias in connections:
        connections[alias].settings_dict["CONN_MAX_AGE"] = 0


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: None, django_db_blocker: Any) -> None:
    """Load the reference data once; tests roll back to it (build_world reloads it if gone)."""
    from organisations.services import regions_load
    from programmes.services import programmes_load

    with django_db_blocker.unblock():
        regions_load(actor=None)
        programmes_load(actor=None)


@pytest.fixture(autouse=True)
def _test_settings(settings: Any, tmp_path: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.AXES_ENABLED = True
    # The rate limits count in the cache; each test starts with none counted.
    from django.core.cache import cache

    cache.clear()
    # Every test client builds the middleware again; without autorefresh WhiteNoise would
    # list every static file (node_modules included) each time. With it, files are found
    # when asked for, which is all the tests and the live server need.
    settings.WHITENOISE_AUTOREFRESH = True


@pytest.fixture(autouse=True)
def _named_day(request: pytest.FixtureRequest) -> Iterator[None]:
    """``@pytest.mark.day("2026-11-30")`` runs a test on that day (09:00 London, or the time
    given), whatever day the suite runs on."""
    marker = request.node.get_closest_marker("day")
    if marker is None:
        yield
        return
    import time_machine

    with time_machine.travel(suite_moment(marker.args[0]), tick=True):
        yield


@pytest.fixture(autouse=True)
def _cold_content_type_cache() -> None:
    """Every test starts with Django's content type cache empty, so counting a page's
    queries never depends on which tests ran before it in the same process."""
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.clear_cache()


@pytest.fixture
def world(db: None) -> World:
    return build_world()


@pytest.fixture
def client_for(world: World) -> Callable[[str], Client]:
    """A test client signed in as the named persona ("anonymous" for nobody)."""

    def make(persona: str) -> Client:
        client = Client()
        if persona != "anonymous":
            client.force_login(world.user(persona))
        return client

    return make


@pytest.fixture
def qcpm(world: World) -> Any:
    """KPIs, the 2025/26 methodology, nursing values and draft ratings for both regions."""
    from ratings.testing import build_qcpm

    return build_qcpm(world)


@pytest.fixture
def assessment(world: World) -> Any:
    """A five-question framework, the 2025/26 campaign and a submission per world provider."""
    from assessments.testing import build_assessment

    return build_assessment(world)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """One headless Chromium for a module of browser tests (skipped, saying why, when no
    Chromium is installed outside CI)."""
    from core.testing.browser import launched_browser

    with launched_browser() as launched:
        yield launched

"""Rate limits count events per key in a window that starts with the first one."""

import datetime as dt

import pytest

from core import clock
from core.ratelimit import Limit

LIMIT = Limit("test", count=3, seconds=3600)


def test_events_within_the_count_pass_and_the_next_is_refused():
    assert [LIMIT.hit("203.0.113.7") for _ in range(4)] == [True, True, True, False]
    assert LIMIT.reached("203.0.113.7")


def test_keys_and_limits_are_counted_apart():
    for _ in range(3):
        LIMIT.hit("203.0.113.7")

    assert not LIMIT.reached("203.0.113.8")
    assert not Limit("other", count=3, seconds=3600).reached("203.0.113.7")


@pytest.fixture
def stopped_clock(time_machine):
    """The clock held at the suite's moment, to be moved by hand."""
    time_machine.move_to(clock.now(), tick=False)
    return time_machine


def test_the_count_starts_again_when_the_window_ends(stopped_clock):
    time_machine = stopped_clock
    for _ in range(3):
        LIMIT.hit("203.0.113.7")
    time_machine.shift(dt.timedelta(minutes=59))
    assert LIMIT.reached("203.0.113.7")

    time_machine.shift(dt.timedelta(minutes=2))

    assert LIMIT.used("203.0.113.7") == 0
    assert LIMIT.hit("203.0.113.7")


def test_later_events_do_not_stretch_the_window(stopped_clock):
    time_machine = stopped_clock
    LIMIT.hit("203.0.113.7")
    time_machine.shift(dt.timedelta(minutes=50))
    LIMIT.hit("203.0.113.7")
    LIMIT.hit("203.0.113.7")

    time_machine.shift(dt.timedelta(minutes=11))

    assert LIMIT.used("203.0.113.7") == 0


def test_the_database_cache_used_in_production_keeps_the_count_and_the_window(
    settings, db, stopped_clock
):
    from django.core.management import call_command

    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "edquality_cache",
        }
    }
    call_command("createcachetable", verbosity=0)

    assert [LIMIT.hit("203.0.113.7") for _ in range(4)] == [True, True, True, False]
    # Later than the cache's default timeout (five minutes), still within the window.
    stopped_clock.shift(dt.timedelta(minutes=30))
    assert LIMIT.reached("203.0.113.7")
    stopped_clock.shift(dt.timedelta(minutes=31))
    assert not LIMIT.reached("203.0.113.7")

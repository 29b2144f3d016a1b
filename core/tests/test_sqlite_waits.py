"""SQLite has one write lock. While the worker applies a large import it holds that lock for
the whole import (30 s for a million rows); a request that writes (signing in writes the
session, the last sign-in time and the access log) waits its turn instead of failing."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

import pytest
from django.db import connection

from core.testing.access import World
from core.testing.personas import PASSWORD
from core.tests.faults import finish, shared_database, signals, start, wait_for

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "sqlite",
        reason="PostgreSQL locks rows, not the whole database: a background write never "
        "holds up a sign-in there.",
    ),
]

# Well over the 20 seconds a write used to wait before failing with "database is locked".
HELD_FOR = 25.0


def test_signing_in_waits_for_a_long_background_write_instead_of_failing(
    world: World, tmp_path: Path
) -> None:
    with shared_database(tmp_path) as url:
        path = url.removeprefix("sqlite:///")
        worker = sqlite3.connect(path, isolation_level=None)
        worker.execute("PRAGMA journal_mode=WAL")
        # What the worker's import does: take the write lock and keep it while it writes.
        worker.execute("BEGIN IMMEDIATE")
        worker.execute("UPDATE accounts_user SET full_name = full_name")
        try:
            sign_in = start("sign_in", "ep.lead@world.test", PASSWORD, url=url, tmp_path=tmp_path)
            wait_for(signals(tmp_path) / "signing-in", sign_in)
            time.sleep(HELD_FOR)
            assert sign_in.poll() is None  # still waiting for the lock
        finally:
            worker.execute("COMMIT")
            worker.close()
        out, err = finish(sign_in)

    assert out.strip() == "302", err

"""Help for the fault tests: the test database at an address another process can use, and
running ``core.tests.fault_runner`` (a worker, a recovery pass, a sign-in) in a process of
its own, as the real worker and web processes are.

Only transactional tests can share their database: what the other process reads must be
committed. On PostgreSQL the other process uses the test database itself. SQLite's test
database lives in memory, so it is copied to a file for the other process and copied back
afterwards, and the test then reads what that process did through the ORM as usual.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.db import connection

from core import clock

OURS = ("EDQUALITY_", "DEBUG", "DATABASE_URL", "SECRET_KEY", "ALLOWED_HOSTS", "SQLITE_", "FAULT_")


@contextmanager
def shared_database(tmp_path: Path) -> Iterator[str]:
    """The test database's address (a ``DATABASE_URL``) while the block runs."""
    if connection.vendor == "postgresql":
        config = connection.settings_dict
        login = quote(config["USER"] or "")
        if config["PASSWORD"]:
            login += ":" + quote(config["PASSWORD"])
        host = config["HOST"] or "localhost"
        port = f":{config['PORT']}" if config["PORT"] else ""
        yield f"postgres://{login}@{host}{port}/{config['NAME']}"
        return
    path = tmp_path / "shared.sqlite3"
    connection.ensure_connection()
    with sqlite3.connect(path) as copy:
        connection.connection.backup(copy)
    try:
        yield f"sqlite:///{path}"
    finally:
        copy = sqlite3.connect(path)
        try:
            copy.backup(connection.connection)
        finally:
            copy.close()


def signals(tmp_path: Path) -> Path:
    """The folder where the other process leaves its signals (files) and finds the test's."""
    folder = tmp_path / "signals"
    folder.mkdir(exist_ok=True)
    return folder


def start(mode: str, *args: str, url: str, tmp_path: Path, **env: str) -> subprocess.Popen[str]:
    """Start ``core.tests.fault_runner`` in its own process, at the test's moment."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith(OURS)}
    clean.update(
        DATABASE_URL=url,
        EDQUALITY_VAR_DIR=str(tmp_path),
        FAULT_NOW=clock.now().isoformat(),
        FAULT_SIGNALS=str(signals(tmp_path)),
        PYTHONUNBUFFERED="1",
        **env,
    )
    return subprocess.Popen(  # noqa: S603 (our own module, fixed arguments)
        [sys.executable, "-m", "core.tests.fault_runner", mode, *args],
        cwd=settings.BASE_DIR,
        env=clean,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def finish(process: subprocess.Popen[str], timeout: float = 60) -> tuple[str, str]:
    """Wait for the process to end (killing it if it will not); what it printed."""
    try:
        return process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        out, err = process.communicate()
        raise AssertionError(f"the process did not end:\n{out}\n{err}") from None


def stop(process: subprocess.Popen[str]) -> tuple[str, str]:
    """Ask the process to stop (as a supervisor does) and wait for it."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
    return finish(process)


def kill(process: subprocess.Popen[str]) -> None:
    """Kill the process outright (``kill -9``): it cleans nothing up."""
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)


def wait_for(path: Path, process: subprocess.Popen[str], timeout: float = 60) -> None:
    """Wait until the process leaves the signal ``path``; fail with what it printed if it
    ends first or takes too long."""
    deadline = time.monotonic() + timeout
    while not path.exists():
        if process.poll() is not None or time.monotonic() > deadline:
            if process.poll() is None:
                process.kill()
            out, err = process.communicate()
            raise AssertionError(f"no {path.name} from the process:\n{out}\n{err}")
        time.sleep(0.05)

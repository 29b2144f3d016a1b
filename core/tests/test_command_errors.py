"""A command whose database cannot be reached ends with one clear line and status 1, not a
traceback."""

from __future__ import annotations

import io
import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.db import InterfaceError

from core import cli


def _manage(*args: str, database_url: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_URL", "EDQUALITY_"))}
    env["DATABASE_URL"] = database_url
    return subprocess.run(  # noqa: S603 (our own manage.py, fixed arguments)
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def test_a_sqlite_file_that_cannot_be_opened_is_one_line(tmp_path) -> None:
    missing = tmp_path / "no such folder" / "edquality.sqlite3"

    result = _manage("recover_imports", database_url=f"sqlite:///{missing}")

    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr == (
        f"Error: the database is not reachable (SQLite file {missing}: "
        "unable to open database file).\n"
    )


def test_a_postgresql_server_that_refuses_is_one_line() -> None:
    result = _manage("migrate", database_url="postgres://edquality@127.0.0.1:1/edquality")

    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith(
        "Error: the database is not reachable (database edquality on 127.0.0.1:1: "
    )
    assert "Connection refused" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("error", "line"),
    [
        (
            InterfaceError("connection already closed"),
            "connection already closed",
        ),
        (
            InterfaceError("the connection is lost\n\tmore detail\n"),
            "the connection is lost",
        ),
    ],
)
def test_the_line_names_the_first_line_of_the_reason(monkeypatch, error, line) -> None:
    def fail(argv: list[str]) -> None:
        raise error

    monkeypatch.setattr("django.core.management.execute_from_command_line", fail)
    err = io.StringIO()

    assert cli.run(["manage.py", "check"], stderr=err) == 1

    assert err.getvalue().count("\n") == 1
    assert err.getvalue().startswith("Error: the database is not reachable (")
    assert err.getvalue().endswith(f": {line}).\n")


def test_other_errors_are_left_to_django(monkeypatch) -> None:
    def fail(argv: list[str]) -> None:
        raise ValueError("a bug")

    monkeypatch.setattr("django.core.management.execute_from_command_line", fail)

    with pytest.raises(ValueError, match="a bug"):
        cli.run(["manage.py", "check"])

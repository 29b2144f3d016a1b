"""``manage.py``: a database that cannot be reached ends a command with one clear line.

Without this, a command whose database is down (stopped, restarting, a wrong address) ends in
a traceback of 70 lines or more; what matters is the last one, so that is all we print, with
where the database is, and exit with status 1.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import TextIO

from django.db import Error, InterfaceError, OperationalError

UNREACHABLE = (OperationalError, InterfaceError)


def _where() -> str:
    """The database the settings name, without its password."""
    from django.conf import settings

    database = settings.DATABASES.get("default", {})
    name = str(database.get("NAME", ""))
    if "sqlite" in str(database.get("ENGINE", "")):
        return f"SQLite file {name}"
    host = database.get("HOST") or "localhost"
    port = f":{database['PORT']}" if database.get("PORT") else ""
    return f"database {name} on {host}{port}"


def unreachable_line(error: Error) -> str:
    """One line saying the database is not reachable, where it is, and why."""
    lines = [line.strip() for line in str(error).splitlines() if line.strip()]
    reason = lines[0] if lines else type(error).__name__
    return f"Error: the database is not reachable ({_where()}: {reason})."


def run(argv: Sequence[str], *, stderr: TextIO | None = None) -> int:
    """Run a management command; the exit status."""
    from django.core.management import execute_from_command_line

    try:
        execute_from_command_line(list(argv))
    except UNREACHABLE as error:
        (stderr or sys.stderr).write(unreachable_line(error) + "\n")
        return 1
    return 0

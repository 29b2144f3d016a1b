"""What the fault tests run in a process of their own (see ``core.tests.faults``):

    python -m core.tests.fault_runner worker            the worker (run_worker), until stopped
    python -m core.tests.fault_runner recover SECONDS   one recovery pass, as if SECONDS later
    python -m core.tests.fault_runner sign_in EMAIL PASSWORD    one sign-in; prints the status

The process runs at the test's moment (``FAULT_NOW``) on the test's database
(``DATABASE_URL``). Its fake import writes rows, leaves the signal ``writing`` in
``FAULT_SIGNALS`` and waits, inside its write transaction, until the test leaves ``go``.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "edquality.settings")

from django.tasks import task

WAIT_IN_WRITE = 60.0


@task()
def touch(path: str) -> None:
    """A task the worker must run: it leaves the file ``path``."""
    Path(path).touch()


def _apply_slowly(plan: Any, *, actor: Any, run: Any) -> None:
    from core.tests.import_fakes import FakeRun

    for line in plan.lines:
        FakeRun.objects.create(file_name=f"written {line}", sha256="0" * 64)
    folder = Path(os.environ["FAULT_SIGNALS"])
    (folder / "writing").touch()
    deadline = time.monotonic() + WAIT_IN_WRITE
    while not (folder / "go").exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    # After the pause: this fails if the connection was ended meanwhile.
    FakeRun.objects.create(file_name="written last", sha256="0" * 64)


def _register_fake_import() -> None:
    from dataclasses import replace

    from core.imports.importer import register
    from core.tests.import_fakes import DATA, fake_importer

    DATA.update(state="a", crash=False, applied=[], progress=[])
    register(replace(fake_importer(background_rows=1), apply=_apply_slowly))


def _sign_in(email: str, password: str) -> None:
    from django.conf import settings
    from django.test import Client
    from django.urls import reverse

    # The tests' users have fast (MD5) password hashes.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    client = Client(HTTP_HOST="localhost")
    (Path(os.environ["FAULT_SIGNALS"]) / "signing-in").touch()
    response = client.post(reverse("accounts:sign_in"), {"username": email, "password": password})
    print(response.status_code)


def main(mode: str, *args: str) -> None:
    import django
    import time_machine

    time_machine.travel(dt.datetime.fromisoformat(os.environ["FAULT_NOW"]), tick=True).start()
    django.setup()
    from django.core.management import call_command

    from core import clock
    from core.imports.recovery import recover_stale_runs

    if mode == "worker":
        _register_fake_import()
        call_command("run_worker", "--interval", "0.2", "--no-startup-delay")
    elif mode == "recover":
        _register_fake_import()
        print(recover_stale_runs(now=clock.now() + dt.timedelta(seconds=float(args[0]))))
    elif mode == "sign_in":
        _sign_in(*args)
    else:
        raise SystemExit(f"unknown mode {mode!r}")


if __name__ == "__main__":
    main(*sys.argv[1:])

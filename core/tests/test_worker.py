"""The task worker outlives a lost database connection, records a task the loss cut off,
keeps import runs in order while it waits, and ``make run`` starts it again if it stops."""

from __future__ import annotations

import datetime as dt
import logging
import os
import shutil
import signal
import subprocess
import time
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.db import OperationalError, connection
from django_tasks_db.models import DBTaskResult, DBTaskResultQuerySet

from core import clock
from core.imports import pipeline
from core.imports.models import RunStatus
from core.tests.fault_runner import touch
from core.tests.faults import shared_database, start, stop, wait_for
from core.tests.import_fakes import FakeRun, fake_importer
from core.worker import Survivor, Worker

pytestmark = pytest.mark.django_db(transaction=True)

SCRIPTS = Path(django_settings.BASE_DIR) / "scripts"
BASH = shutil.which("bash") or "/bin/bash"


@pytest.fixture
def database_queue(settings: Any) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def _worker() -> Worker:
    return Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    )


def test_the_worker_carries_on_when_its_database_connection_is_lost(
    database_queue: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: Any
) -> None:
    touch.enqueue(str(tmp_path / "done"))
    looked = []
    real = DBTaskResultQuerySet.get_locked

    def lost_the_first_time(self: DBTaskResultQuerySet) -> Any:
        looked.append(1)
        if len(looked) == 1:
            raise OperationalError(
                "server closed the connection unexpectedly\n\tThis probably means the server "
                "terminated abnormally"
            )
        return real(self)

    monkeypatch.setattr(DBTaskResultQuerySet, "get_locked", lost_the_first_time)
    monkeypatch.setattr("core.worker.FIRST_WAIT", 0.01)

    with caplog.at_level(logging.WARNING, logger="core.worker"):
        call_command("run_worker", "--batch", "--no-startup-delay", verbosity=0)

    assert (tmp_path / "done").exists()
    assert [record.getMessage() for record in caplog.records] == [
        "The database connection was lost (server closed the connection unexpectedly); "
        "connecting again in 0.01 s."
    ]


def test_a_task_cut_off_by_the_lost_connection_is_recorded_failed_and_the_next_one_runs(
    database_queue: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The first task fails, and the database is gone when the worker records it.
    cut_off = touch.enqueue(str(tmp_path / "no such folder" / "x"))
    following = touch.enqueue(str(tmp_path / "following"))
    database_down = [True]
    record = DBTaskResult.set_failed

    def set_failed(self: DBTaskResult[Any, Any], exc: BaseException) -> None:
        if database_down[0]:
            raise OperationalError("terminating connection due to administrator command")
        record(self, exc)

    monkeypatch.setattr(DBTaskResult, "set_failed", set_failed)
    waits: list[float] = []

    def sleep(seconds: float) -> None:
        waits.append(seconds)
        database_down[0] = False  # the database is back

    survivor = Survivor(_worker(), interval=0, once=True, sleep=sleep)
    survivor.run()

    assert waits == [1.0] and survivor.connection_losses == 1
    first = DBTaskResult.objects.get(pk=cut_off.id)
    assert first.status == "FAILED" and first.finished_at is not None
    assert "lost its database connection" in first.traceback
    assert DBTaskResult.objects.get(pk=following.id).status == "SUCCESSFUL"
    assert (tmp_path / "following").exists()


def test_waits_between_attempts_double_up_to_half_a_minute() -> None:
    survivor = Survivor(_worker(), interval=0, sleep=lambda seconds: None)
    waits = []
    for _ in range(8):
        waits.append(survivor.wait)
        survivor._lost(OperationalError("connection refused"))
    assert waits == [1.0, 2.0, 4.0, 8.0, 16.0, 30.0, 30.0, 30.0]


def test_the_worker_offers_again_an_import_whose_worker_died(
    fake_data: dict[str, Any], database_queue: None
) -> None:
    _, run = pipeline.preview(fake_importer(), actor=None, file_name="v.csv", data=b"a\n")
    assert run is not None
    FakeRun.objects.filter(pk=run.pk).update(
        status=RunStatus.RUNNING, heartbeat_at=clock.now() - dt.timedelta(minutes=5)
    )

    call_command("run_worker", "--batch", "--no-startup-delay", verbosity=0)

    assert FakeRun.objects.get(pk=run.pk).status == RunStatus.FAILED


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="Only PostgreSQL can end another process's connection (pg_terminate_backend).",
)
def test_the_worker_survives_its_connection_being_ended_and_runs_the_next_task(
    database_queue: None, tmp_path: Path
) -> None:
    with shared_database(tmp_path) as url:
        worker = start("worker", url=url, tmp_path=tmp_path)
    try:
        _wait_for_other_connection(worker)
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
        touch.enqueue(str(tmp_path / "after"))
        wait_for(tmp_path / "after", worker)
        assert worker.poll() is None
    finally:
        stop(worker)


def _wait_for_other_connection(worker: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and worker.poll() is None:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
            if cursor.fetchone()[0]:
                return
        time.sleep(0.1)
    raise AssertionError("the worker never connected")


@pytest.mark.django_db(transaction=False)
def test_the_supervisor_starts_a_stopped_worker_again_and_stops_with_it(tmp_path: Path) -> None:
    runs = tmp_path / "runs"
    env = {**os.environ, "SUPERVISE_FIRST_WAIT": "0.05", "SUPERVISE_LONGEST_WAIT": "0.2"}
    supervisor = subprocess.Popen(  # noqa: S603 (our own script)
        [
            BASH,
            str(SCRIPTS / "supervise.sh"),
            "The test worker",
            "sh",
            "-c",
            f"echo run >> {runs}; exit 3",
        ],
        env=env,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 30
    while (not runs.exists() or len(runs.read_text().split()) < 3) and time.monotonic() < deadline:
        time.sleep(0.05)
    supervisor.send_signal(signal.SIGTERM)
    _, err = supervisor.communicate(timeout=30)

    assert supervisor.returncode == 0
    assert len(runs.read_text().split()) >= 3
    assert "The test worker stopped (exit status 3); starting it again in 0.05 s." in err


@pytest.mark.django_db(transaction=False)
def test_stopping_the_supervisor_stops_the_worker_it_runs(tmp_path: Path) -> None:
    pid_file = tmp_path / "pid"
    supervisor = subprocess.Popen(  # noqa: S603 (our own script)
        [
            BASH,
            str(SCRIPTS / "supervise.sh"),
            "The test worker",
            "sh",
            "-c",
            f"echo $$ > {pid_file}; exec sleep 60",
        ],
    )
    deadline = time.monotonic() + 30
    while not pid_file.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    child = int(pid_file.read_text())

    supervisor.send_signal(signal.SIGTERM)
    supervisor.wait(timeout=30)

    with pytest.raises(ProcessLookupError):
        os.kill(child, 0)


def test_make_run_serves_with_the_supervised_worker() -> None:
    serve = (SCRIPTS / "serve.sh").read_text()
    assert "scripts/supervise.sh" in serve and "manage.py run_worker" in serve
    assert "db_worker" not in serve

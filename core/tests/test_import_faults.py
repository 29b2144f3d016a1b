"""Import runs whose worker dies, or whose worker's connection is ended, with real worker
processes: the run is failed with nothing changed and offered again, and a run that is only
being written for a long time is never taken for dead.

These start ``manage.py run_worker`` (through ``core.tests.fault_runner``) in a process of its
own, on the test database (SQLite: a copy of it, see ``core.tests.faults``).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django_tasks_db.models import DBTaskResult

from core import clock
from core.imports import pipeline
from core.imports.models import RunStatus
from core.imports.recovery import HEARTBEAT_TIMEOUT, recover_stale_runs
from core.tests.faults import finish, kill, shared_database, signals, start, stop, wait_for
from core.tests.import_fakes import FakeRun, fake_importer

pytestmark = pytest.mark.django_db(transaction=True)

FILE = b"one\ntwo\nthree\n"
STOPPED = "The import stopped with an unexpected error; nothing was changed."


@pytest.fixture
def database_queue(settings: Any) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def _queued(fake_data: dict[str, Any]) -> tuple[FakeRun, str]:
    background = fake_importer(background_rows=1)
    plan, run = pipeline.preview(background, actor=None, file_name="big.csv", data=FILE)
    assert run is not None
    fingerprint = background.fingerprint(plan)
    run = pipeline.confirm(background, actor=None, run=run, fingerprint=fingerprint)
    assert run.status == RunStatus.QUEUED and run.task_id
    return run, fingerprint


def _written() -> list[str]:
    return list(
        FakeRun.objects.filter(file_name__startswith="written").values_list("file_name", flat=True)
    )


def test_a_worker_killed_while_it_writes_changes_nothing_and_its_run_is_offered_again(
    fake_data: dict[str, Any], database_queue: None, tmp_path: Path, settings: Any
) -> None:
    run, fingerprint = _queued(fake_data)

    with shared_database(tmp_path) as url:
        worker = start("worker", url=url, tmp_path=tmp_path)
        wait_for(signals(tmp_path) / "writing", worker)
        kill(worker)

    run.refresh_from_db()
    assert run.status == RunStatus.RUNNING
    assert _written() == []  # the rows it wrote went with its transaction
    # Its last heartbeat was just before the write: recent, so it is not failed yet ...
    assert recover_stale_runs() == 0
    # ... and once its heartbeat is older than the timeout, it is.
    assert recover_stale_runs(now=clock.now() + HEARTBEAT_TIMEOUT + dt.timedelta(seconds=1)) == 1
    run.refresh_from_db()
    assert run.status == RunStatus.FAILED and run.summary["error"] == STOPPED
    assert Path(run.file.path).exists()  # kept, to be confirmed again

    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    run = pipeline.confirm(fake_importer(), actor=None, run=run, fingerprint=fingerprint)
    assert run.status == RunStatus.IMPORTED
    assert fake_data["applied"] == ["one", "two", "three"]


def test_a_run_written_for_longer_than_the_heartbeat_timeout_is_not_taken_for_dead(
    fake_data: dict[str, Any], database_queue: None, tmp_path: Path
) -> None:
    run, _ = _queued(fake_data)

    with shared_database(tmp_path) as url:
        worker = start("worker", url=url, tmp_path=tmp_path)
        try:
            wait_for(signals(tmp_path) / "writing", worker)
            # A recovery pass an hour later, while the worker is still inside its write. On
            # SQLite it cannot have the write lock: after a short wait it leaves the run.
            later = start("recover", "3600", url=url, tmp_path=tmp_path, SQLITE_BUSY_TIMEOUT="1")
            out, err = finish(later)
            assert out.strip() == "0", err
            (signals(tmp_path) / "go").touch()
        finally:
            stop(worker)

    run.refresh_from_db()
    assert run.status == RunStatus.IMPORTED
    assert sorted(_written()) == ["written last", "written one", "written three", "written two"]


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="Only PostgreSQL can end another process's connection (pg_terminate_backend).",
)
def test_a_connection_ended_during_the_write_fails_the_run_and_the_worker_carries_on(
    fake_data: dict[str, Any], database_queue: None, tmp_path: Path
) -> None:
    from core.tests.fault_runner import touch

    run, _ = _queued(fake_data)

    worker = start("worker", url=_url(tmp_path), tmp_path=tmp_path)
    try:
        wait_for(signals(tmp_path) / "writing", worker)
        assert _end_other_connections() >= 1
        (signals(tmp_path) / "go").touch()
        touch.enqueue(str(tmp_path / "after.txt"))
        wait_for(tmp_path / "after.txt", worker)
        assert worker.poll() is None  # still running
    finally:
        stop(worker)

    run.refresh_from_db()
    assert run.status == RunStatus.FAILED and run.summary["error"] == STOPPED
    assert _written() == []
    assert DBTaskResult.objects.get(pk=run.task_id).status == "FAILED"


def _url(tmp_path: Path) -> str:
    with shared_database(tmp_path) as url:
        return url


def _end_other_connections() -> int:
    """What a database restart does to every other connection: end it."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        (ended,) = cursor.fetchone()
    return int(ended)

"""Recovery of runs whose task has gone, the heartbeat while the worker reads, the run and
its task saved together, and the files a killed process left behind."""

from __future__ import annotations

import datetime as dt
import os
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from django.tasks import TaskResultStatus
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.models import DBTaskResult

from core import clock
from core.imports import heartbeat, pipeline
from core.imports.cleanup import LEFT_FOR, sweep_left_files
from core.imports.importer import register
from core.imports.models import RunStatus
from core.imports.recovery import HEARTBEAT_TIMEOUT, recover_stale_runs
from core.tests.import_fakes import FakeRun, _check, fake_importer

FILE = b"one\ntwo\nthree\n"
BACKGROUND = fake_importer(background_rows=1)


@pytest.fixture
def database_queue(settings: Any) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def _queued() -> FakeRun:
    plan, run = pipeline.preview(BACKGROUND, actor=None, file_name="v.csv", data=FILE)
    assert run is not None
    return pipeline.confirm(
        BACKGROUND, actor=None, run=run, fingerprint=BACKGROUND.fingerprint(plan)
    )


def _status(run: FakeRun) -> str:
    run.refresh_from_db()
    return run.status


def test_a_queued_run_and_its_task_are_saved_together(fake_data, database_queue) -> None:
    run = _queued()

    task = DBTaskResult.objects.get()
    assert run.status == RunStatus.QUEUED and run.task_id == str(task.id)
    assert task.status == TaskResultStatus.READY
    assert task.args_kwargs["kwargs"]["run_id"] == run.pk


def test_a_run_whose_task_could_not_be_queued_is_left_as_it_was(
    fake_data, database_queue, monkeypatch
) -> None:
    plan, run = pipeline.preview(BACKGROUND, actor=None, file_name="v.csv", data=FILE)
    assert run is not None

    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("the queue refused the task")

    monkeypatch.setattr(DatabaseBackend, "enqueue", refuse)
    with pytest.raises(RuntimeError):
        pipeline.confirm(BACKGROUND, actor=None, run=run, fingerprint=BACKGROUND.fingerprint(plan))

    assert _status(run) == RunStatus.PREVIEWED


def test_a_queued_run_waiting_for_a_worker_is_left_queued(fake_data, database_queue) -> None:
    run = _queued()

    assert recover_stale_runs(now=clock.now() + dt.timedelta(days=3)) == 0
    assert _status(run) == RunStatus.QUEUED


def test_a_queued_run_whose_task_has_gone_is_failed_and_can_be_confirmed_again(
    fake_data, database_queue, settings
) -> None:
    run = _queued()
    DBTaskResult.objects.all().delete()

    assert recover_stale_runs() == 1

    run.refresh_from_db()
    assert run.status == RunStatus.FAILED
    assert (
        run.summary["error"] == "The import stopped with an unexpected error; nothing was changed."
    )
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    plan = BACKGROUND.plan(FILE, run=run, actor=None)
    run = pipeline.confirm(
        BACKGROUND, actor=None, run=run, fingerprint=BACKGROUND.fingerprint(plan)
    )
    assert run.status == RunStatus.IMPORTED


def test_a_queued_run_whose_task_failed_before_starting_it_is_failed(
    fake_data, database_queue
) -> None:
    run = _queued()
    DBTaskResult.objects.update(status=TaskResultStatus.FAILED, finished_at=clock.now())

    assert recover_stale_runs() == 1
    assert _status(run) == RunStatus.FAILED


def test_a_queued_run_taken_by_a_worker_that_died_before_starting_it_is_failed(
    fake_data, database_queue
) -> None:
    run = _queued()
    DBTaskResult.objects.update(status=TaskResultStatus.RUNNING, started_at=clock.now())

    assert recover_stale_runs() == 0
    assert _status(run) == RunStatus.QUEUED
    later = clock.now() + HEARTBEAT_TIMEOUT + dt.timedelta(seconds=1)
    assert recover_stale_runs(now=later) == 0  # the task's start is what counts ...
    DBTaskResult.objects.update(
        started_at=clock.now() - HEARTBEAT_TIMEOUT - dt.timedelta(seconds=1)
    )
    assert recover_stale_runs() == 1  # ... once it is too long ago
    assert _status(run) == RunStatus.FAILED


def test_a_running_run_whose_task_was_cut_off_is_failed_without_waiting_for_its_heartbeat(
    fake_data, database_queue
) -> None:
    run = _queued()
    FakeRun.objects.filter(pk=run.pk).update(status=RunStatus.RUNNING, heartbeat_at=clock.now())
    DBTaskResult.objects.update(status=TaskResultStatus.FAILED, finished_at=clock.now())

    assert recover_stale_runs() == 1
    assert _status(run) == RunStatus.FAILED


@pytest.mark.django_db(transaction=True)
def test_the_worker_beats_from_its_own_thread_while_a_slow_check_reads(
    fake_data, database_queue, monkeypatch
) -> None:
    monkeypatch.setattr(heartbeat, "BEAT_EVERY", 0.05)
    seen: list[dt.datetime | None] = []

    def slow_check(data: bytes, *, run: FakeRun, actor: Any, progress: Any) -> Any:
        # A reader that reports no progress for a while (a large spreadsheet opening).
        seen.append(FakeRun.objects.get(pk=run.pk).heartbeat_at)
        time.sleep(0.5)
        seen.append(FakeRun.objects.get(pk=run.pk).heartbeat_at)
        return _check(data, run=run, actor=actor, progress=None)

    register(replace(BACKGROUND, check=slow_check))
    run = _queued()
    fingerprint = BACKGROUND.fingerprint(BACKGROUND.plan(FILE, run=run, actor=None))

    # What the worker runs, outside any transaction.
    pipeline.apply_queued_run.call(
        run_model=BACKGROUND.label, run_id=run.pk, actor_id=None, fingerprint=fingerprint
    )

    assert _status(run) == RunStatus.IMPORTED
    assert seen[0] is not None and seen[1] is not None and seen[1] > seen[0]


def _aged(path: Path, age: dt.timedelta) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        path.write_bytes(b"x")
    moment = (clock.now() - age).timestamp()
    os.utime(path, (moment, moment))
    return path


def test_left_over_upload_files_are_swept_and_files_in_use_are_kept(
    fake_data, settings, tmp_path
) -> None:
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path / "uploads")
    _, run = pipeline.preview(BACKGROUND, actor=None, file_name="v.csv", data=FILE)
    assert run is not None
    media = Path(settings.MEDIA_ROOT)
    long_ago = LEFT_FOR + dt.timedelta(minutes=1)
    spooled = _aged(tmp_path / "uploads" / "abc.upload.csv", long_ago)
    spooling = _aged(tmp_path / "uploads" / "def.upload.csv", dt.timedelta(minutes=1))
    orphan = _aged(media / "fake-imports" / "0123.csv", long_ago)
    new_orphan = _aged(media / "fake-imports" / "4567.csv", dt.timedelta(minutes=1))
    stored = _aged(Path(run.file.path), long_ago)
    elsewhere = _aged(media / "evidence" / "2026" / "11" / "report.pdf", long_ago)

    assert sweep_left_files() == 2

    assert not spooled.exists() and not orphan.exists()
    assert spooling.exists() and new_orphan.exists() and stored.exists() and elsewhere.exists()


def test_the_recovery_command_sweeps_left_over_files(fake_data, settings, tmp_path) -> None:
    from django.core.management import call_command

    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path / "uploads")
    _aged(tmp_path / "uploads" / "abc.upload.csv", LEFT_FOR * 2)
    out = __import__("io").StringIO()

    call_command("recover_imports", stdout=out)

    assert out.getvalue() == "Recovered 0 stopped imports.\nRemoved 1 left-over upload file.\n"

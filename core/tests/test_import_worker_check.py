"""A large file is not read by the web request: it is kept as a run being checked, the worker
checks it (and later imports it), and a check that stops or finds errors refuses the run."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path
from typing import Any

from core import clock
from core.imports import checking, pipeline
from core.imports.importer import register
from core.imports.models import RunStatus
from core.imports.recovery import HEARTBEAT_TIMEOUT, recover_stale_runs
from core.tests.import_fakes import FakeRun, fake_importer

FILE = b"one\ntwo\nthree\nfour\n"
IMPORTER = fake_importer()
DUMMY_TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}


def queued(data: bytes = FILE) -> FakeRun:
    return checking.queue_check(IMPORTER, actor=None, file_name="big.csv", data=data)


def test_the_request_keeps_a_large_file_unread_for_the_worker(
    fake_data: dict[str, Any], settings: Any
) -> None:
    settings.TASKS = DUMMY_TASKS  # queued, never run: what the request alone does

    def unread(*_args: Any, **_kwargs: Any) -> Any:
        raise AssertionError("the request read the file")

    run = checking.queue_check(
        replace(IMPORTER, check=unread), actor=None, file_name="big.csv", data=FILE
    )

    assert (run.status, run.by_worker, run.rows_done, run.summary) == (
        RunStatus.CHECKING,
        True,
        0,
        {},
    )
    assert Path(run.file.path).read_bytes() == FILE


def test_the_worker_checks_a_large_file_with_its_progress_and_imports_it_later(
    fake_data: dict[str, Any],
) -> None:
    run = queued()  # tests run tasks at once: the worker's check happens here

    assert (run.status, run.rows_total) == (RunStatus.PREVIEWED, 4)
    assert run.summary == {"rows": 4, "written": 4, "state": "a"}
    assert fake_data["progress"] == [2, 4]
    plan = IMPORTER.check(FILE, run=run, actor=None, progress=None)
    fake_data["progress"].clear()

    run = pipeline.confirm(
        IMPORTER, actor=None, run=run, fingerprint=IMPORTER.fingerprint(IMPORTER.compare(plan))
    )

    # Imported by the worker too, though the importer has no row threshold of its own.
    assert run.status == RunStatus.IMPORTED
    assert fake_data["progress"] == [2, 4]
    assert fake_data["applied"] == ["one", "two", "three", "four"]


def test_a_large_file_with_errors_is_refused_with_them_and_its_file_deleted(
    fake_data: dict[str, Any], django_capture_on_commit_callbacks: Any, settings: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        run = queued(b"one\n=two\nthree\n")

    assert run.status == RunStatus.REFUSED and run.finished_at is not None
    assert run.summary == {"errors": [[2, "1", "the cell is a formula."]], "error_total": 1}
    assert not run.file
    assert not list(Path(settings.MEDIA_ROOT).rglob("*.csv"))


def test_a_check_that_stops_refuses_the_run_saying_so(fake_data: dict[str, Any]) -> None:
    def crash(*_args: Any, **_kwargs: Any) -> Any:
        raise RuntimeError("the worker stopped")

    register(replace(IMPORTER, check=crash))

    run = queued()  # the worker logs the error; the run says what happened

    assert run.status == RunStatus.REFUSED
    assert run.summary["errors"] == [
        [
            None,
            None,
            "The check of the file stopped with an unexpected error, so it was not "
            "imported. Upload it again.",
        ]
    ]


def test_a_check_whose_worker_died_is_refused_and_removed_a_day_later(
    fake_data: dict[str, Any], settings: Any
) -> None:
    settings.TASKS = DUMMY_TASKS
    run = queued()
    now = clock.now()
    FakeRun.objects.filter(pk=run.pk).update(heartbeat_at=now - 2 * HEARTBEAT_TIMEOUT)

    assert recover_stale_runs(now=now) == 1

    run.refresh_from_db()
    assert run.status == RunStatus.REFUSED
    assert "The check of the file stopped" in run.summary["errors"][0][2]
    later = clock.now() + dt.timedelta(days=2)
    assert pipeline.discard_stale_previews(IMPORTER, actor=None, now=later) == 1
    assert not FakeRun.objects.exists()


def test_a_run_no_longer_being_checked_is_left_alone_by_the_worker(
    fake_data: dict[str, Any], settings: Any
) -> None:
    settings.TASKS = DUMMY_TASKS
    run = queued()
    FakeRun.objects.filter(pk=run.pk).update(status=RunStatus.REFUSED)

    outcome = checking.check_queued_run.call(run_model=IMPORTER.label, run_id=run.pk, actor_id=None)

    assert outcome == {"status": "refused"}
    assert fake_data["progress"] == []

"""The shared import flow, run with a tiny fake import: preview, confirm, one-step import,
background apply with progress, and recovery of a run whose worker died."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from core import clock
from core.imports import pipeline
from core.imports.errors import AlreadyImported, ImportRefused, PlanChanged
from core.imports.files import sha256_of
from core.imports.models import RunStatus
from core.imports.recovery import HEARTBEAT_TIMEOUT, recover_stale_runs
from core.tests.import_fakes import FakeRun, fake_importer

FILE = b"one\ntwo\nthree\nfour\n"
IMPORTER = fake_importer()


def previewed(data: bytes = FILE) -> tuple[Any, FakeRun]:
    plan, run = pipeline.preview(IMPORTER, actor=None, file_name="dir/values.csv", data=data)
    assert run is not None
    return plan, run


def test_a_valid_file_is_kept_as_a_previewed_run_and_nothing_is_applied(fake_data) -> None:
    _, run = previewed()

    run.refresh_from_db()
    assert run.status == RunStatus.PREVIEWED
    assert run.file_name == "values.csv"
    assert run.sha256 == sha256_of(FILE)
    assert (run.rows_total, run.summary) == (4, {"rows": 4, "written": 4, "state": "a"})
    stored = str(run.file.name)
    assert stored.startswith("fake-imports/") and stored.endswith(".csv")
    assert "values" not in stored
    assert Path(run.file.path).read_bytes() == FILE
    assert fake_data["applied"] == []


def test_a_file_with_errors_is_not_kept(fake_data) -> None:
    plan, run = pipeline.preview(IMPORTER, actor=None, file_name="bad.csv", data=b"a\n=b\n")

    assert run is None
    assert [str(error) for error in plan.errors] == ["Row 2, column 1: the cell is a formula."]
    assert not FakeRun.objects.exists()


def test_confirming_applies_the_plan_once(fake_data) -> None:
    plan, run = previewed()

    run = pipeline.confirm(IMPORTER, actor=None, run=run, fingerprint=IMPORTER.fingerprint(plan))

    assert run.status == RunStatus.IMPORTED
    assert (run.rows_total, run.rows_done) == (4, 4)
    assert run.finished_at is not None
    assert fake_data["applied"] == ["one", "two", "three", "four"]
    with pytest.raises(AlreadyImported, match=r"^values.csv is done\.$"):
        pipeline.confirm(IMPORTER, actor=None, run=run, fingerprint=IMPORTER.fingerprint(plan))
    assert len(fake_data["applied"]) == 4


def test_data_changed_since_the_preview_is_not_applied_until_seen(fake_data) -> None:
    plan, run = previewed()
    fake_data["state"] = "b"

    with pytest.raises(PlanChanged, match=r"^The data moved\.$") as changed:
        pipeline.confirm(IMPORTER, actor=None, run=run, fingerprint=IMPORTER.fingerprint(plan))

    run.refresh_from_db()
    assert run.status == RunStatus.PREVIEWED
    assert run.summary["state"] == "b"
    assert fake_data["applied"] == []
    new = IMPORTER.fingerprint(changed.value.plan)
    assert new != IMPORTER.fingerprint(plan)
    assert pipeline.confirm(IMPORTER, actor=None, run=run, fingerprint=new).status == "imported"


def test_a_stored_file_that_has_gone_or_changed_is_refused(fake_data) -> None:
    plan, run = previewed()
    path = Path(run.file.path)
    path.write_bytes(b"other\n")

    with pytest.raises(ImportRefused, match="no longer matches what was uploaded"):
        pipeline.stored_plan(IMPORTER, run, actor=None)
    path.unlink()
    with pytest.raises(ImportRefused, match=r"stored copy of values.csv cannot be read"):
        pipeline.confirm(IMPORTER, actor=None, run=run, fingerprint=IMPORTER.fingerprint(plan))
    assert fake_data["applied"] == []


def test_importing_in_one_step_with_a_dry_run_saves_nothing(fake_data) -> None:
    plan, run = pipeline.import_file(
        IMPORTER, actor=None, file_name="v.csv", data=FILE, dry_run=True
    )

    assert run is None and plan.state == "a" and plan.is_valid
    assert not FakeRun.objects.exists()
    assert fake_data["applied"] == []

    plan, run = pipeline.import_file(IMPORTER, actor=None, file_name="v.csv", data=FILE)

    assert run is not None and run.status == RunStatus.IMPORTED
    assert FakeRun.objects.get().summary == plan.summary()
    assert fake_data["applied"] == ["one", "two", "three", "four"]


def test_a_file_that_fails_while_applied_in_one_step_leaves_nothing(fake_data) -> None:
    fake_data["crash"] = True

    with pytest.raises(RuntimeError):
        pipeline.import_file(IMPORTER, actor=None, file_name="v.csv", data=FILE)

    assert not FakeRun.objects.exists()


def test_a_large_run_is_applied_by_the_worker_with_its_progress(fake_data) -> None:
    background = fake_importer(background_rows=3)
    plan, run = pipeline.preview(background, actor=None, file_name="v.csv", data=FILE)
    assert run is not None

    # Tests run tasks at once: the worker's whole run happens inside confirm.
    run = pipeline.confirm(background, actor=None, run=run, fingerprint=IMPORTER.fingerprint(plan))

    assert run.status == RunStatus.IMPORTED
    assert fake_data["progress"] == [2, 4]
    assert run.heartbeat_at is not None
    assert fake_data["applied"] == ["one", "two", "three", "four"]


def test_a_worker_that_fails_leaves_a_failed_run_that_can_be_confirmed_again(fake_data) -> None:
    background = fake_importer(background_rows=3)
    plan, run = pipeline.preview(background, actor=None, file_name="v.csv", data=FILE)
    assert run is not None
    fingerprint = IMPORTER.fingerprint(plan)
    fake_data["crash"] = True

    run = pipeline.confirm(background, actor=None, run=run, fingerprint=fingerprint)

    assert run.status == RunStatus.FAILED
    assert run.summary["error"] == (
        "The import stopped with an unexpected error; nothing was changed."
    )
    assert fake_data["applied"] == []
    fake_data["crash"] = False
    assert pipeline.confirm(IMPORTER, actor=None, run=run, fingerprint=fingerprint).status == (
        RunStatus.IMPORTED
    )
    assert fake_data["applied"] == ["one", "two", "three", "four"]


def test_a_worker_that_finds_the_data_changed_fails_the_run_with_the_reason(fake_data) -> None:
    background = fake_importer(background_rows=3)
    plan, run = pipeline.preview(background, actor=None, file_name="v.csv", data=FILE)
    assert run is not None
    fake_data["state"] = "b"

    run = pipeline.confirm(background, actor=None, run=run, fingerprint=IMPORTER.fingerprint(plan))

    assert run.status == RunStatus.FAILED
    assert run.summary["error"] == "The data moved."
    assert fake_data["applied"] == []


def test_a_running_import_whose_worker_died_is_failed_and_can_be_confirmed_again(
    fake_data,
) -> None:
    plan, run = previewed()
    _, alive = previewed(b"five\n")
    now = clock.now()
    FakeRun.objects.filter(pk=run.pk).update(
        status=RunStatus.RUNNING, heartbeat_at=now - HEARTBEAT_TIMEOUT - dt.timedelta(minutes=1)
    )
    FakeRun.objects.filter(pk=alive.pk).update(status=RunStatus.RUNNING, heartbeat_at=now)
    run.refresh_from_db()
    with pytest.raises(AlreadyImported):
        pipeline.confirm(IMPORTER, actor=None, run=run, fingerprint=IMPORTER.fingerprint(plan))

    assert recover_stale_runs(now=now) == 1

    run.refresh_from_db()
    alive.refresh_from_db()
    assert run.status == RunStatus.FAILED and run.finished_at is not None
    assert run.summary["error"] == (
        "The import stopped with an unexpected error; nothing was changed."
    )
    assert alive.status == RunStatus.RUNNING
    assert recover_stale_runs(now=now) == 0
    run = pipeline.confirm(IMPORTER, actor=None, run=run, fingerprint=IMPORTER.fingerprint(plan))
    assert run.status == RunStatus.IMPORTED
    assert fake_data["applied"] == ["one", "two", "three", "four"]


def test_a_running_import_without_a_heartbeat_is_stale_once_its_upload_is_old(fake_data) -> None:
    _, run = previewed()
    FakeRun.objects.filter(pk=run.pk).update(status=RunStatus.RUNNING, heartbeat_at=None)

    assert recover_stale_runs(now=clock.now()) == 0
    assert recover_stale_runs(now=clock.now() + HEARTBEAT_TIMEOUT + dt.timedelta(seconds=1)) == 1


@pytest.mark.date_sensitive
def test_previews_nobody_confirmed_are_discarded_after_a_day(fake_data) -> None:
    _, run = previewed()
    path = Path(run.file.path)

    assert pipeline.discard_stale_previews(IMPORTER, actor=None) == 0
    later = clock.now() + dt.timedelta(days=2)
    assert pipeline.discard_stale_previews(IMPORTER, actor=None, now=later) == 1

    assert not FakeRun.objects.exists()
    assert not path.exists()


def test_the_command_recovers_stopped_imports(fake_data) -> None:
    _, run = previewed()
    FakeRun.objects.filter(pk=run.pk).update(
        status=RunStatus.RUNNING, heartbeat_at=clock.now() - 2 * HEARTBEAT_TIMEOUT
    )
    out = io.StringIO()

    call_command("recover_imports", stdout=out)

    assert out.getvalue() == "Recovered 1 stopped import.\n"
    assert FakeRun.objects.get().status == RunStatus.FAILED

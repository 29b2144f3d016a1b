"""A file too large to read in a web request: kept unread as a run being checked, and
checked by the worker, which leaves it previewed or refused with its errors."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.tasks import task

from core import clock
from core.audit import acting_as
from core.imports.errors import ErrorList, ImportRefused, errors_summary
from core.imports.files import store, stored_bytes
from core.imports.heartbeat import beating, started
from core.imports.importer import Importer, Plan, importer_for
from core.imports.models import ImportRunBase, RunStatus
from core.imports.pipeline import actor_or_none, discard_stale_previews, new_run
from core.imports.recovery import recover_stale_runs

# A refused run keeps this many of its errors to show (and counts them all).
KEPT_ERRORS = 1000


def queue_check[R: ImportRunBase](
    importer: Importer[Any, R], *, actor: Any, file_name: str, data: bytes, **fields: Any
) -> R:
    """Keep a large file unread as a run being checked and queue its check for the worker
    (``check_queued_run``); the run comes back as it is once queued (or, with a worker that
    runs at once, checked)."""
    run = new_run(importer, actor=actor, file_name=file_name, data=data, **fields)
    discard_stale_previews(importer, actor=actor)
    recover_stale_runs(among=[importer])
    run.status = RunStatus.CHECKING
    run.by_worker = True
    run.heartbeat_at = clock.now()
    store(run, data)
    try:
        with transaction.atomic(), acting_as(actor, import_file=run.file_name, sha256=run.sha256):
            run.save()
    except BaseException:
        run.file.delete(save=False)
        raise
    check_queued_run.enqueue(
        run_model=importer.label,
        run_id=run.pk,
        actor_id=actor.pk if actor_or_none(actor) else None,
    )
    run.refresh_from_db()
    return run


def _refusal(message: str) -> ErrorList:
    errors = ErrorList()
    errors.add(None, None, message)
    return errors


def _record_check(
    importer: Importer[Any, Any], run_id: int, plan: Plan | None, errors: ErrorList
) -> str:
    """Record what the worker's check found: previewed when ``plan`` is valid, otherwise
    refused with ``errors`` and the stored file deleted. Returns the status."""
    with transaction.atomic():
        run = importer.run_model._default_manager.select_for_update().get(pk=run_id)
        if run.status != RunStatus.CHECKING:
            return str(run.status)  # recovery got there first
        with acting_as(None, import_file=run.file_name, sha256=run.sha256):
            run.heartbeat_at = clock.now()
            run.rows_total = plan.rows if plan is not None else 0
            if plan is not None and plan.is_valid:
                run.status = RunStatus.PREVIEWED
                run.summary = plan.summary()
            else:
                run.status = RunStatus.REFUSED
                run.summary = errors_summary(errors, KEPT_ERRORS)
                run.finished_at = clock.now()
                if run.file:
                    stored = run.file
                    transaction.on_commit(lambda: stored.delete(save=False))
                    run.file = ""
            run.save()
    return str(run.status)


@task()
def check_queued_run(*, run_model: str, run_id: int, actor_id: int | None) -> dict[str, Any]:
    """Check a large file the way a preview does (the worker runs it), reporting the rows
    read so far; leave its run previewed, or refused with its errors."""
    importer = importer_for(run_model)
    run = importer.run_model._default_manager.get(pk=run_id)
    if run.status != RunStatus.CHECKING:
        return {"status": str(run.status)}
    users = get_user_model()._default_manager
    actor = users.filter(pk=actor_id).first() if actor_id is not None else None
    progress = started(importer, run_id, RunStatus.CHECKING)
    try:
        data = stored_bytes(run, importer.max_bytes())
        with beating(importer, run_id, RunStatus.CHECKING):
            plan = importer.plan(data, run=run, actor=actor, progress=progress)
    except ImportRefused as refused:
        return {"status": _record_check(importer, run_id, None, _refusal(str(refused)))}
    except Exception:
        _record_check(importer, run_id, None, _refusal(importer.wording.check_stopped))
        raise
    return {"status": _record_check(importer, run_id, plan, plan.errors)}

"""The flow every import shares: preview, confirm (at once or through the worker), and
import in one step.

A preview plans the file and keeps a valid one as a previewed run. A large file is not
read by the web request at all: ``queue_check`` keeps it as a run being checked and the
worker plans it, leaving it previewed or refused with its errors. A confirmation plans the
stored file again against the data as it is then, and applies it in one transaction only if
its fingerprint is the one the user saw. A large run is applied by the worker, which reports
its progress in ``rows_done`` and moves ``heartbeat_at`` on as it reads.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.tasks import task

from core import clock
from core.audit import acting_as
from core.imports.errors import (
    AlreadyImported,
    ErrorList,
    ImportRefused,
    PlanChanged,
    errors_summary,
)
from core.imports.files import display_file_name, sha256_of, store, stored_bytes
from core.imports.importer import Importer, Plan, Progress, importer_for
from core.imports.models import ImportRunBase, RunStatus
from core.imports.recovery import mark_failed, recover_stale_runs

# Previews nobody confirmed, and refused runs, are removed after this long.
PREVIEW_LIFETIME = dt.timedelta(days=1)
# A refused run keeps this many of its errors to show (and counts them all).
KEPT_ERRORS = 1000
CONFIRMABLE = frozenset({RunStatus.PREVIEWED, RunStatus.FAILED})
# The worker may also pick up a run it was given (queued) or one it started (running).
CONFIRMABLE_QUEUED = frozenset({RunStatus.PREVIEWED, RunStatus.QUEUED, RunStatus.RUNNING})


def actor_or_none(actor: Any) -> Any:
    """The user to record: None for the system or an anonymous visitor."""
    return actor if actor is not None and getattr(actor, "is_authenticated", False) else None


def new_run[R: ImportRunBase](
    importer: Importer[Any, R], *, actor: Any, file_name: str, data: bytes, **fields: Any
) -> R:
    """An unsaved run for an uploaded file; ``fields`` are the app's own (which kind of file)."""
    return importer.run_model(
        file_name=display_file_name(file_name),
        sha256=sha256_of(data),
        uploaded_by=actor_or_none(actor),
        **fields,
    )


def discard_stale_previews(
    importer: Importer[Any, Any], *, actor: Any, now: dt.datetime | None = None
) -> int:
    """Delete previews left unconfirmed, and refused runs, older than ``PREVIEW_LIFETIME``,
    with their files."""
    cutoff = (now or clock.now()) - PREVIEW_LIFETIME
    stale = list(
        importer.run_model._default_manager.filter(
            status__in=[RunStatus.PREVIEWED, RunStatus.REFUSED], uploaded_at__lt=cutoff
        )
    )
    with transaction.atomic(), acting_as(actor):
        for run in stale:
            if run.file:
                run.file.delete(save=False)
            run.delete()
    return len(stale)


def preview[P: Plan, R: ImportRunBase](
    importer: Importer[P, R], *, actor: Any, file_name: str, data: bytes, **fields: Any
) -> tuple[P, R | None]:
    """Work out what the file would do; keep a valid file as a previewed run, write nothing else."""
    run = new_run(importer, actor=actor, file_name=file_name, data=data, **fields)
    plan = importer.plan(data, run=run, actor=actor)
    if not plan.is_valid:
        return plan, None
    discard_stale_previews(importer, actor=actor)
    recover_stale_runs(among=[importer])
    run.status = RunStatus.PREVIEWED
    run.rows_total = plan.rows
    run.summary = plan.summary()
    store(run, data)
    try:
        with transaction.atomic(), acting_as(actor, import_file=run.file_name, sha256=run.sha256):
            run.save()
    except BaseException:
        run.file.delete(save=False)
        raise
    return plan, run


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
    progress = _progress(importer, run_id, RunStatus.CHECKING)
    try:
        data = stored_bytes(run, importer.max_bytes())
        plan = importer.plan(data, run=run, actor=actor, progress=progress)
    except ImportRefused as refused:
        return {"status": _record_check(importer, run_id, None, _refusal(str(refused)))}
    except Exception:
        _record_check(importer, run_id, None, _refusal(importer.wording.check_stopped))
        raise
    return {"status": _record_check(importer, run_id, plan, plan.errors)}


def stored_plan[P: Plan, R: ImportRunBase](importer: Importer[P, R], run: R, *, actor: Any) -> P:
    """What a stored file would do now; ``ImportRefused`` if the file has gone or changed."""
    return importer.plan(stored_bytes(run, importer.max_bytes()), run=run, actor=actor)


def _check_confirmable(importer: Importer[Any, Any], run: ImportRunBase, *, queued: bool) -> None:
    if run.status not in (CONFIRMABLE_QUEUED if queued else CONFIRMABLE):
        raise AlreadyImported(importer.wording.already_imported.format(file_name=run.file_name))


def _lock[R: ImportRunBase](importer: Importer[Any, R], run: R) -> R:
    return importer.run_model._default_manager.select_for_update().get(pk=run.pk)


def _mark_imported(run: ImportRunBase, plan: Plan) -> None:
    run.status = RunStatus.IMPORTED
    run.rows_total = run.rows_done = plan.rows
    run.finished_at = clock.now()
    run.summary = plan.summary()


def _apply[P: Plan, R: ImportRunBase](
    importer: Importer[P, R], plan: P, *, actor: Any, run: R
) -> None:
    """Write the plan and record the run as imported; the caller holds the transaction."""
    if not plan.is_valid:
        raise ImportRefused("A file with errors cannot be imported.")
    with acting_as(actor, import_file=run.file_name, sha256=run.sha256):
        importer.apply(plan, actor=actor, run=run)
        _mark_imported(run, plan)
        run.save()


def confirm[R: ImportRunBase](
    importer: Importer[Any, R], *, actor: Any, run: R, fingerprint: str
) -> R:
    """Apply a previewed (or failed) run now, or queue it for the worker when it is large.

    Either way the plan is worked out again and applied only if its fingerprint is the one
    the user saw; the run comes back as it is afterwards.
    """
    large = importer.background_rows is not None and run.rows_total > importer.background_rows
    if not (run.by_worker or large):
        apply_run(importer, actor=actor, run=run, fingerprint=fingerprint)
        run.refresh_from_db()
        return run
    with transaction.atomic(), acting_as(actor, import_file=run.file_name):
        locked = _lock(importer, run)
        _check_confirmable(importer, locked, queued=False)
        locked.status = RunStatus.QUEUED
        locked.rows_done = 0
        locked.heartbeat_at = clock.now()
        locked.save(update_fields=["status", "rows_done", "heartbeat_at"])
    apply_queued_run.enqueue(
        run_model=importer.label,
        run_id=locked.pk,
        actor_id=actor.pk if actor_or_none(actor) else None,
        fingerprint=fingerprint,
    )
    locked.refresh_from_db()
    return locked


def _progress(
    importer: Importer[Any, Any], run_id: int, status: RunStatus = RunStatus.RUNNING
) -> Progress:
    runs = importer.run_model._default_manager.filter(pk=run_id)
    runs.update(status=status, heartbeat_at=clock.now())

    def progress(done: int) -> None:
        # Outside the write transaction, so the progress page sees it at once.
        runs.update(rows_done=done, heartbeat_at=clock.now())

    return progress


def apply_run[P: Plan, R: ImportRunBase](
    importer: Importer[P, R], *, actor: Any, run: R, fingerprint: str, queued: bool = False
) -> P:
    """Check the stored file again (reporting progress when queued) and apply it in one
    transaction if nothing changed since the preview; ``PlanChanged`` otherwise."""
    _check_confirmable(importer, run, queued=queued)
    data = stored_bytes(run, importer.max_bytes())
    progress = _progress(importer, run.pk) if queued else None
    plan = importer.check(data, run=run, actor=actor, progress=progress)
    with transaction.atomic():
        locked = _lock(importer, run)
        _check_confirmable(importer, locked, queued=queued)
        plan = importer.compare(plan)  # against the data as it is inside this transaction
        changed = not plan.is_valid or importer.fingerprint(plan) != fingerprint
        if not changed:
            _apply(importer, plan, actor=actor, run=locked)
    if changed:
        if plan.is_valid and not queued:
            # The preview now shows what the file would do against today's data.
            importer.run_model._default_manager.filter(pk=run.pk).update(
                summary=plan.summary(), rows_total=plan.rows
            )
        raise PlanChanged(importer.wording.plan_changed, plan)
    return plan


def import_file[P: Plan, R: ImportRunBase](
    importer: Importer[P, R],
    *,
    actor: Any,
    file_name: str,
    data: bytes,
    dry_run: bool = False,
    **fields: Any,
) -> tuple[P, R | None]:
    """Plan and, unless it is a dry run or the file has errors, apply in one step (a command)."""
    run = new_run(importer, actor=actor, file_name=file_name, data=data, **fields)
    plan = importer.check(data, run=run, actor=actor, progress=None)
    if not plan.is_valid:
        return plan, None
    if dry_run:
        return importer.compare(plan), None
    store(run, data)
    try:
        with transaction.atomic():
            plan = importer.compare(plan)
            if plan.is_valid:
                with acting_as(actor, import_file=run.file_name, sha256=run.sha256):
                    # Saved first: what the applier writes may point at the run.
                    _mark_imported(run, plan)
                    run.save()
                    importer.apply(plan, actor=actor, run=run)
    except BaseException:
        run.file.delete(save=False)
        raise
    if not plan.is_valid:
        run.file.delete(save=False)
        return plan, None
    return plan, run


@task()
def apply_queued_run(
    *, run_model: str, run_id: int, actor_id: int | None, fingerprint: str
) -> dict[str, Any]:
    """Apply a run queued on confirmation (the worker runs it); record progress and outcome."""
    importer = importer_for(run_model)
    run = importer.run_model._default_manager.get(pk=run_id)
    users = get_user_model()._default_manager
    actor = users.filter(pk=actor_id).first() if actor_id is not None else None
    try:
        plan = apply_run(importer, actor=actor, run=run, fingerprint=fingerprint, queued=True)
    except AlreadyImported:
        raise
    except ImportRefused as refused:
        mark_failed(importer, run_id=run_id, message=str(refused))
        return {"status": "failed", "error": str(refused)}
    except Exception:
        mark_failed(importer, run_id=run_id, message=importer.wording.stopped)
        raise
    return {"status": "imported", **plan.counts()}

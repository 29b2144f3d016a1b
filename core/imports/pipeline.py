"""The flow every import shares: preview, confirm (at once or through the worker), and
import in one step.

A preview plans the file and keeps a valid one as a previewed run. A large file is not
read by the web request at all: ``checking.queue_check`` keeps it as a run being checked and the
worker plans it, leaving it previewed or refused with its errors. A confirmation plans the
stored file again against the data as it is then, and applies it in one transaction only if
its fingerprint is the one the user saw. A large run is queued for the worker (the run and its
task are saved together), which reports its progress in ``rows_done`` and moves
``heartbeat_at`` on as it reads or checks (``core.imports.heartbeat``).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Collection
from contextlib import nullcontext
from typing import Any

from django.contrib.auth import get_user_model
from django.db import InterfaceError, OperationalError, connection, transaction
from django.tasks import task

from core import clock
from core.audit import acting_as
from core.imports.errors import (
    AlreadyImported,
    ImportRefused,
    NotAcknowledged,
    PlanChanged,
)
from core.imports.files import display_file_name, sha256_of, store, stored_bytes
from core.imports.heartbeat import beating, started
from core.imports.importer import Importer, Plan, importer_for
from core.imports.models import ImportRunBase, RunStatus
from core.imports.recovery import mark_failed, recover_stale_runs

logger = logging.getLogger(__name__)

# Previews nobody confirmed, and refused runs, are removed after this long.
PREVIEW_LIFETIME = dt.timedelta(days=1)
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
            run.delete()
    # Only once the rows are gone, so a failure part-way leaves no run without its file.
    for run in stale:
        if run.file:
            run.file.delete(save=False)
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


def check_acknowledged[P: Plan](
    importer: Importer[P, Any], plan: P, acknowledged: Collection[str]
) -> None:
    """Refuse a plan whose confirmation did not acknowledge what it must (``NotAcknowledged``
    names the first missing acknowledgement)."""
    for key, refusal in importer.acknowledgements(plan).items():
        if key not in acknowledged:
            raise NotAcknowledged(refusal, key, plan)


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
    importer: Importer[Any, R],
    *,
    actor: Any,
    run: R,
    fingerprint: str,
    acknowledged: Collection[str] = (),
) -> R:
    """Apply a previewed (or failed) run now, or queue it for the worker when it is large.

    Either way the plan is worked out again and applied only if its fingerprint is the one
    the user saw and the confirmation ``acknowledged`` all the plan needs; the run comes
    back as it is afterwards.
    """
    large = importer.background_rows is not None and run.rows_total > importer.background_rows
    if not (run.by_worker or large):
        apply_run(
            importer, actor=actor, run=run, fingerprint=fingerprint, acknowledged=acknowledged
        )
        run.refresh_from_db()
        return run
    with transaction.atomic(), acting_as(actor, import_file=run.file_name):
        locked = _lock(importer, run)
        _check_confirmable(importer, locked, queued=False)
        locked.status = RunStatus.QUEUED
        locked.rows_done = 0
        locked.heartbeat_at = clock.now()
        locked.save(update_fields=["status", "rows_done", "heartbeat_at"])
        # In the same transaction: with the database queue, a run is never left queued
        # without its task (a process killed in between would commit neither).
        queued = apply_queued_run.enqueue(
            run_model=importer.label,
            run_id=locked.pk,
            actor_id=actor.pk if actor_or_none(actor) else None,
            fingerprint=fingerprint,
            acknowledged=sorted(acknowledged),
        )
        locked.task_id = str(queued.id)
        locked.save(update_fields=["task_id"])
    locked.refresh_from_db()
    return locked


def apply_run[P: Plan, R: ImportRunBase](
    importer: Importer[P, R],
    *,
    actor: Any,
    run: R,
    fingerprint: str,
    queued: bool = False,
    acknowledged: Collection[str] = (),
) -> P:
    """Check the stored file again (reporting progress when queued) and apply it in one
    transaction if nothing changed since the preview (``PlanChanged`` otherwise) and the
    confirmation acknowledged what it must (``NotAcknowledged`` otherwise)."""
    _check_confirmable(importer, run, queued=queued)
    data = stored_bytes(run, importer.max_bytes())
    progress = started(importer, run.pk) if queued else None
    # The worker beats while it reads; while it writes, it holds the run's lock instead.
    with beating(importer, run.pk) if queued else nullcontext():
        plan = importer.check(data, run=run, actor=actor, progress=progress)
    with transaction.atomic():
        locked = _lock(importer, run)
        _check_confirmable(importer, locked, queued=queued)
        plan = importer.compare(plan)  # against the data as it is inside this transaction
        changed = not plan.is_valid or importer.fingerprint(plan) != fingerprint
        if not changed:
            check_acknowledged(importer, plan, acknowledged)
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
    acknowledged: Collection[str] = (),
    **fields: Any,
) -> tuple[P, R | None]:
    """Plan and, unless it is a dry run or the file has errors, apply in one step (a command);
    ``NotAcknowledged`` if the plan needs an acknowledgement it was not given."""
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
                check_acknowledged(importer, plan, acknowledged)
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
    *,
    run_model: str,
    run_id: int,
    actor_id: int | None,
    fingerprint: str,
    acknowledged: list[str] | None = None,
) -> dict[str, Any]:
    """Apply a run queued on confirmation (the worker runs it); record progress and outcome."""
    importer = importer_for(run_model)
    run = importer.run_model._default_manager.get(pk=run_id)
    users = get_user_model()._default_manager
    actor = users.filter(pk=actor_id).first() if actor_id is not None else None
    try:
        plan = apply_run(
            importer,
            actor=actor,
            run=run,
            fingerprint=fingerprint,
            queued=True,
            acknowledged=acknowledged or (),
        )
    except AlreadyImported:
        raise
    except ImportRefused as refused:
        _record_failure(importer, run_id, str(refused))
        return {"status": "failed", "error": str(refused)}
    except Exception:
        _record_failure(importer, run_id, importer.wording.stopped)
        raise
    return {"status": "imported", **plan.counts()}


def _record_failure(importer: Importer[Any, Any], run_id: int, message: str) -> None:
    """Mark the run failed; when the database connection was lost (the usual reason for an
    unexpected stop), once more on a new one. If even that fails the run is left to recovery,
    which finds its task finished."""
    for attempt in (1, 2):
        try:
            mark_failed(importer, run_id=run_id, message=message)
            return
        except (OperationalError, InterfaceError) as error:
            if attempt == 2 or connection.in_atomic_block:
                logger.warning("Import run %s could not be marked failed: %s", run_id, error)
                return
            connection.close()

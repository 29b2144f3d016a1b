"""Runs that stopped: recording why, and finding runs whose worker or task has gone.

A run is applied in one transaction, so a worker killed half-way changed nothing: its run is
only left saying "running" (or "queued", if its task never started). Marking it failed lets
the user confirm it again. A check the worker never finished leaves its run "checking": it is
refused, saying the check stopped. A run has gone when:

- it is running (or being checked) and its heartbeat stopped more than ``HEARTBEAT_TIMEOUT``
  ago. The worker beats while it reads the file; while it writes it holds the run's row
  (PostgreSQL) or the write lock (SQLite), which ``mark_failed`` needs too, so a run being
  written is never failed;
- or its task has finished or vanished while the run still waits or runs (the task was cut
  off before it could record the outcome, or the queue lost it);
- or it is queued and its task was taken by a worker that died before starting it.

Runs are judged outside any lock and marked under the run's lock after checking again.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable
from typing import Any

from django.db import OperationalError, transaction
from django.db.models import Q
from django.tasks import DEFAULT_TASK_BACKEND_ALIAS, TaskResultStatus, task_backends
from django.tasks.exceptions import TaskResultDoesNotExist

from core import clock
from core.audit import acting_as
from core.imports.errors import ErrorList, errors_summary
from core.imports.importer import Importer, importers
from core.imports.models import ImportRunBase, RunStatus

logger = logging.getLogger(__name__)

# The worker beats every 10 seconds while it reads (core.imports.heartbeat); a running run
# unheard of for this long, and not being written, lost its worker.
HEARTBEAT_TIMEOUT = dt.timedelta(minutes=1)
UNFINISHED = (RunStatus.QUEUED, RunStatus.RUNNING, RunStatus.CHECKING)
# The states in which a worker moves a run's heartbeat on.
WORKING = frozenset({RunStatus.RUNNING, RunStatus.CHECKING})


def mark_failed(
    importer: Importer[Any, Any],
    *,
    run_id: int,
    message: str,
    stale_before: dt.datetime | None = None,
    status: str | None = None,
) -> bool:
    """Record why a run stopped (its data is untouched: it rolled back). A run being checked
    is refused with ``message`` as its error instead.

    With ``stale_before``, only a run still running (or checking) with no heartbeat since
    then is marked;
    with ``status``, only a run still in that state. Both are checked under the run's lock,
    and a run whose lock is held (being written) is left alone: False.
    """
    manager = importer.run_model._default_manager
    with transaction.atomic():
        run = manager.select_for_update(skip_locked=True).filter(pk=run_id).first()
        if run is None or (status is not None and run.status != status):
            return False
        if stale_before is not None and (
            run.status not in WORKING or (run.heartbeat_at or run.uploaded_at) >= stale_before
        ):
            return False
        with acting_as(None, import_file=run.file_name):
            if run.status == RunStatus.CHECKING:
                errors = ErrorList()
                errors.add(None, None, message)
                run.status = RunStatus.REFUSED
                run.summary = errors_summary(errors, 1)
            else:
                run.status = RunStatus.FAILED
                run.summary = {**(run.summary or {}), "error": message}
            run.finished_at = clock.now()
            run.save(update_fields=["status", "finished_at", "summary"])
    return True


def _task_state(run: ImportRunBase) -> str | None:
    """The state of the run's task ("gone" if the queue no longer has it), or None when
    the run has no task to look at or the queue cannot say."""
    queue = task_backends[DEFAULT_TASK_BACKEND_ALIAS]  # where the pipeline queues its task
    if not run.task_id or not queue.supports_get_result:
        return None
    try:
        result = queue.get_result(run.task_id)
    except TaskResultDoesNotExist:
        return "gone"
    if result.status == TaskResultStatus.RUNNING and run.status == RunStatus.QUEUED:
        # Taken by a worker that should have started the run at once.
        started = result.started_at or run.uploaded_at
        return "stalled" if started < clock.now() - HEARTBEAT_TIMEOUT else "running"
    return "finished" if result.is_finished else str(result.status).lower()


def _gone(run: ImportRunBase, cutoff: dt.datetime) -> str | None:
    """Why the run's worker has gone ("task": its task, "heartbeat": its beat), or None."""
    if _task_state(run) in ("gone", "finished", "stalled"):
        return "task"
    if run.status in WORKING and (run.heartbeat_at or run.uploaded_at) < cutoff:
        return "heartbeat"
    return None


def recover_stale_runs(
    *, now: dt.datetime | None = None, among: Iterable[Importer[Any, Any]] | None = None
) -> int:
    """Mark failed every queued or running import, and refuse every check, whose worker or
    task has gone (of every registered importer, or ``among`` those); how many were."""
    cutoff = (now or clock.now()) - HEARTBEAT_TIMEOUT
    recovered = 0
    for importer in importers() if among is None else among:
        runs = importer.run_model._default_manager.filter(status__in=UNFINISHED)
        for run in list(runs.filter(Q(status=RunStatus.QUEUED) | ~Q(task_id="") | _stale(cutoff))):
            reason = _gone(run, cutoff)
            if reason is None:
                continue
            wording = importer.wording
            stopped = wording.check_stopped if run.status == RunStatus.CHECKING else wording.stopped
            try:
                if mark_failed(
                    importer,
                    run_id=run.pk,
                    message=stopped,
                    status=run.status,
                    stale_before=cutoff if reason == "heartbeat" else None,
                ):
                    recovered += 1
            except OperationalError as error:
                # SQLite: another process has held the write lock for the whole busy timeout,
                # which only a worker writing does. Try again next time.
                logger.info("Import run %s was left for now: %s", run.pk, error)
    return recovered


def _stale(cutoff: dt.datetime) -> Q:
    return Q(heartbeat_at__lt=cutoff) | Q(heartbeat_at__isnull=True, uploaded_at__lt=cutoff)

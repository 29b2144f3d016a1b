"""Runs that stopped: recording why, and finding runs whose worker died.

A run is applied in one transaction, so a worker killed half-way changed nothing: its run is
only left saying "running". Marking it failed lets the user confirm it again. A check the
worker never finished leaves its run "checking": it is refused, saying the check stopped.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models import Q

from core import clock
from core.audit import acting_as
from core.imports.errors import ErrorList, errors_summary
from core.imports.importer import Importer, importers
from core.imports.models import RunStatus

# A running import moves its heartbeat on every few thousand rows it reads; the write itself
# (one transaction) does not, so this is well above the longest write.
HEARTBEAT_TIMEOUT = dt.timedelta(minutes=15)
# The states in which a worker moves a run's heartbeat on.
WORKING = frozenset({RunStatus.RUNNING, RunStatus.CHECKING})


def mark_failed(
    importer: Importer[Any, Any],
    *,
    run_id: int,
    message: str,
    stale_before: dt.datetime | None = None,
) -> bool:
    """Record why a run stopped (its data is untouched: it rolled back). A run being checked
    is refused with ``message`` as its error instead.

    With ``stale_before``, only a run still running (or checking) with no heartbeat since
    then is marked (checked under the lock, so a worker that just moved on is left alone);
    False otherwise.
    """
    manager = importer.run_model._default_manager
    with transaction.atomic():
        run = manager.select_for_update().get(pk=run_id)
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


def recover_stale_runs(
    *, now: dt.datetime | None = None, among: Iterable[Importer[Any, Any]] | None = None
) -> int:
    """Mark failed every running import, and refuse every check, whose heartbeat is older
    than ``HEARTBEAT_TIMEOUT`` (of every registered importer, or ``among`` those); how many
    were."""
    cutoff = (now or clock.now()) - HEARTBEAT_TIMEOUT
    stale = Q(heartbeat_at__lt=cutoff) | Q(heartbeat_at__isnull=True, uploaded_at__lt=cutoff)
    recovered = 0
    for importer in importers() if among is None else among:
        runs = importer.run_model._default_manager.filter(stale, status__in=WORKING)
        for run_id, status in list(runs.values_list("pk", "status")):
            wording = importer.wording
            message = wording.check_stopped if status == RunStatus.CHECKING else wording.stopped
            if mark_failed(importer, run_id=run_id, message=message, stale_before=cutoff):
                recovered += 1
    return recovered

"""Runs that stopped: recording why, and finding runs whose worker died.

A run is applied in one transaction, so a worker killed half-way changed nothing: its run is
only left saying "running". Marking it failed lets the user confirm it again.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models import Q

from core import clock
from core.audit import acting_as
from core.imports.importer import Importer, importers
from core.imports.models import RunStatus

# A running import moves its heartbeat on every few thousand rows it reads; the write itself
# (one transaction) does not, so this is well above the longest write.
HEARTBEAT_TIMEOUT = dt.timedelta(minutes=15)


def mark_failed(
    importer: Importer[Any, Any],
    *,
    run_id: int,
    message: str,
    stale_before: dt.datetime | None = None,
) -> bool:
    """Record why a run stopped (its data is untouched: it rolled back).

    With ``stale_before``, only a run still running with no heartbeat since then is marked
    (checked under the lock, so a worker that just moved on is left alone); False otherwise.
    """
    manager = importer.run_model._default_manager
    with transaction.atomic():
        run = manager.select_for_update().get(pk=run_id)
        if stale_before is not None and (
            run.status != RunStatus.RUNNING or (run.heartbeat_at or run.uploaded_at) >= stale_before
        ):
            return False
        with acting_as(None, import_file=run.file_name):
            run.status = RunStatus.FAILED
            run.finished_at = clock.now()
            run.summary = {**(run.summary or {}), "error": message}
            run.save(update_fields=["status", "finished_at", "summary"])
    return True


def recover_stale_runs(
    *, now: dt.datetime | None = None, among: Iterable[Importer[Any, Any]] | None = None
) -> int:
    """Mark failed every running import whose heartbeat is older than ``HEARTBEAT_TIMEOUT``
    (of every registered importer, or ``among`` those); how many were."""
    cutoff = (now or clock.now()) - HEARTBEAT_TIMEOUT
    stale = Q(heartbeat_at__lt=cutoff) | Q(heartbeat_at__isnull=True, uploaded_at__lt=cutoff)
    recovered = 0
    for importer in importers() if among is None else among:
        runs = importer.run_model._default_manager.filter(stale, status=RunStatus.RUNNING)
        for run_id in list(runs.values_list("pk", flat=True)):
            if mark_failed(
                importer, run_id=run_id, message=importer.wording.stopped, stale_before=cutoff
            ):
                recovered += 1
    return recovered

"""A background apply's signs of life while it reads its file.

The worker moves ``heartbeat_at`` on from a thread of its own (with its own database
connection) every ``BEAT_EVERY`` seconds while it reads and checks the file, and with each
progress report. It does not beat while it writes: the write holds the run's row (PostgreSQL)
or the database's write lock (SQLite) until it ends, and recovery cannot mark a run failed
without that lock, so a run being written is never taken for dead however long it takes
(see core.imports.recovery and docs/decisions/0025-import-runs-outlive-no-worker.md).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db import DatabaseError, connections

from core import clock
from core.imports.importer import Importer, Progress
from core.imports.models import RunStatus

logger = logging.getLogger(__name__)

# Seconds between two beats; recovery.HEARTBEAT_TIMEOUT allows several to go missing.
BEAT_EVERY = 10.0


def started(
    importer: Importer[Any, Any], run_id: int, status: RunStatus = RunStatus.RUNNING
) -> Progress:
    """Mark the run running (or being checked) now, and the progress report that beats as
    it moves on."""
    runs = importer.run_model._default_manager.filter(pk=run_id)
    runs.update(status=status, heartbeat_at=clock.now())

    def progress(done: int) -> None:
        # Outside the write transaction, so the progress page sees it at once.
        runs.update(rows_done=done, heartbeat_at=clock.now())

    return progress


def _beat(
    importer: Importer[Any, Any], run_id: int, status: RunStatus, stop: threading.Event
) -> None:
    runs = importer.run_model._default_manager.filter(pk=run_id, status=status)
    try:
        while not stop.wait(BEAT_EVERY):
            try:
                runs.update(heartbeat_at=clock.now())
            except DatabaseError as error:
                # A lost connection: drop it, and the next beat connects again.
                logger.warning("An import's heartbeat was not recorded: %s", error)
                connections.close_all()
    finally:
        connections.close_all()  # this thread's own connections


@contextmanager
def beating(
    importer: Importer[Any, Any], run_id: int, status: RunStatus = RunStatus.RUNNING
) -> Iterator[None]:
    """Beat from a thread of its own while the block runs (and the run is in ``status``)."""
    stop = threading.Event()
    thread = threading.Thread(
        target=_beat,
        args=(importer, run_id, status, stop),
        name=f"heartbeat-{run_id}",
        daemon=True,
    )
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()

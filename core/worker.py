"""The background worker, kept alive when its database connection is lost.

django-tasks-db's worker exits on the first database error outside a task: a database restart
or fail-over, or an administrator ending its idle connection, stopped it for good, and queued
imports waited for ever. ``Survivor`` runs that worker pass by pass (each pass runs the tasks
that are ready, then returns). When a pass fails because the database went away, it drops the
broken connections, waits (1 s, then twice as long each time, at most 30 s), connects again and
carries on; a task the lost connection cut off is then recorded as failed. Between passes it
runs the upkeep: recovering import runs whose worker died and sweeping left-over upload files.
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable
from contextlib import suppress
from typing import Any

from django.db import DatabaseError, InterfaceError, OperationalError, close_old_connections
from django.db import connections as databases
from django.tasks import TaskResultStatus
from django_tasks_db.management.commands.db_worker import Worker as QueueWorker
from django_tasks_db.models import DBTaskResult

from core import clock

logger = logging.getLogger(__name__)

CONNECTION_LOST = (OperationalError, InterfaceError)
FIRST_WAIT = 1.0
LONGEST_WAIT = 30.0
# Seconds between two rounds of upkeep.
UPKEEP_EVERY = 30.0


class Worker(QueueWorker):
    """django-tasks-db's worker, remembering a task cut off before its outcome was saved."""

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.cut_off: DBTaskResult[..., Any] | None = None
        self.tasks_run = 0

    def run_task(self, db_task_result: DBTaskResult[..., Any]) -> None:
        self.cut_off = db_task_result
        super().run_task(db_task_result)  # records the outcome, unless the database is gone
        self.cut_off = None
        self.tasks_run += 1


def first_line(error: BaseException) -> str:
    lines = [line.strip() for line in str(error).splitlines() if line.strip()]
    return lines[0] if lines else type(error).__name__


def close_connections() -> None:
    """Drop this thread's connections, broken or not; the next query connects again."""
    for connection in databases.all(initialized_only=True):
        # Closing a broken connection may fail; it is dropped all the same.
        with suppress(DatabaseError):
            connection.close()


class Survivor:
    """Runs a worker pass after pass until it is stopped (or, ``once``, until the queue is
    empty), outliving lost database connections."""

    def __init__(
        self,
        worker: Worker,
        *,
        interval: float,
        once: bool = False,
        startup_delay: bool = False,
        upkeep: Callable[[], None] | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.worker = worker
        self.interval = interval
        self.once = once
        self.startup_delay = startup_delay
        self.upkeep = upkeep
        self.sleep = sleep
        self.wait = FIRST_WAIT
        self.next_upkeep = 0.0
        self.connection_losses = 0

    def run(self) -> None:
        if self.startup_delay and self.interval:
            self.sleep(random.random())  # noqa: S311 (spreads workers started together)
        while self.worker.running:
            try:
                self._settle_cut_off()
                self._upkeep_when_due()
                self.worker.run()  # the tasks that are ready
            except CONNECTION_LOST as error:
                self._lost(error)
                continue
            self.wait = FIRST_WAIT
            if self.once or self._done():
                return
            close_old_connections()
            self.sleep(self.interval)

    def _done(self) -> bool:
        limit = self.worker.max_tasks
        return limit is not None and self.worker.tasks_run >= limit

    def _lost(self, error: BaseException) -> None:
        self.connection_losses += 1
        logger.warning(
            "The database connection was lost (%s); connecting again in %g s.",
            first_line(error),
            self.wait,
        )
        close_connections()
        self.sleep(self.wait)
        self.wait = min(self.wait * 2, LONGEST_WAIT)

    def _settle_cut_off(self) -> None:
        """Record as failed a task the lost connection cut off, now the database is back,
        and run the upkeep at once so that its import run is offered again."""
        task = self.worker.cut_off
        if task is None:
            return
        DBTaskResult.objects.filter(pk=task.pk, status=TaskResultStatus.RUNNING).update(
            status=TaskResultStatus.FAILED,
            finished_at=clock.now(),
            exception_class_path=f"{OperationalError.__module__}.OperationalError",
            traceback="The worker lost its database connection while running this task.",
        )
        logger.warning("Task %s was cut off by the lost connection; recorded as failed.", task.pk)
        self.worker.cut_off = None
        self.next_upkeep = 0.0

    def _upkeep_when_due(self) -> None:
        if self.upkeep is None or time.monotonic() < self.next_upkeep:
            return
        self.next_upkeep = time.monotonic() + UPKEEP_EVERY
        try:
            self.upkeep()
        except CONNECTION_LOST:
            raise
        except Exception:
            # A fault in the upkeep must not stop the tasks; it is logged and tried again.
            logger.exception("The worker's upkeep failed")

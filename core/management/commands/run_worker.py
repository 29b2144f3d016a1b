"""Run the background worker (e-mails, large imports) so that it outlives a lost database
connection, and keep import runs in order while it waits for tasks.

It takes django-tasks-db's ``db_worker`` options; ``--reload`` is not offered (restarting on
code changes would cut off tasks). Run it under a supervisor that starts it again if it ever
stops (``make run`` does; see docs/configuration.md for production).
"""

from __future__ import annotations

import logging
import signal
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import CommandError
from django_tasks_db.management.commands import db_worker

from core.imports.cleanup import sweep_left_files
from core.imports.recovery import recover_stale_runs
from core.worker import Survivor, Worker

logger = logging.getLogger("core.worker")
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)


def upkeep() -> None:
    """Offer again the imports whose worker or task has gone; remove left-over files."""
    recovered = recover_stale_runs()
    if recovered:
        logger.warning(
            "Marked %d stopped import run(s) failed; they can be confirmed again.",
            recovered,
        )
    sweep_left_files()


class Command(db_worker.Command):
    help = (
        "Run the background task worker; it reconnects when the database connection is lost "
        "and recovers import runs whose worker died."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        super().add_arguments(parser)
        parser.set_defaults(reload=False)

    def handle(self, *args: Any, **options: Any) -> None:
        self.configure_logging(options["verbosity"])
        if options["verbosity"] < 2:
            # The queue's own worker says it starts and stops on every pass: say it once here.
            logging.getLogger("django_tasks_db").setLevel(logging.WARNING)
        if options["reload"]:
            raise CommandError("run_worker does not reload on code changes; restart it instead.")
        if not logger.hasHandlers():
            logger.addHandler(logging.StreamHandler(self.stdout))
        queues = options["queue_name"].split(",")
        excluded = options["exclude_queues"].split(",") if options["exclude_queues"] else []
        if excluded and "*" not in queues:
            raise CommandError("--exclude-queues can only be used with --queue-name=*")
        worker = Worker(
            queue_names=queues,
            interval=options["interval"],
            # Each pass runs the tasks that are ready, then hands back to the survivor.
            batch=True,
            backend_name=options["backend_name"],
            startup_delay=False,
            max_tasks=options["max_tasks"],
            worker_id=options["worker_id"],
            excluded_queue_names=excluded,
        )
        survivor = Survivor(
            worker,
            interval=options["interval"],
            once=options["batch"],
            startup_delay=options["startup_delay"],
            upkeep=upkeep,
        )
        previous = {number: signal.getsignal(number) for number in STOP_SIGNALS}
        worker.configure_signals()  # TERM: finish the task in hand, then stop
        logger.info("Worker %s started (queues: %s).", worker.worker_id, ",".join(queues))
        try:
            survivor.run()
        finally:
            for number, handler in previous.items():
                signal.signal(number, handler)

"""Queue the daily self-assessment reminder run for the worker, unless one is waiting."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from assessments.campaigns.tasks import schedule_reminders


class Command(BaseCommand):
    help = (
        "Queue the daily reminder run (it runs now, then queues itself for the next day). "
        "Does nothing if a run is already waiting, so it is safe at every start-up."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        if schedule_reminders():
            self.stdout.write("Queued the reminder run; the worker sends today's reminders.")
        else:
            self.stdout.write("A reminder run is already queued.")

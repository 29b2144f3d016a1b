"""Send today's self-assessment reminders now (the worker also does this every day)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from assessments.campaigns.tasks import send_due_reminders


class Command(BaseCommand):
    help = (
        "Send the due-date and overdue reminders of open self-assessment campaigns. "
        "Safe to repeat: a reminder already sent is never sent again."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--today",
            metavar="YYYY-MM-DD",
            help="Act as if today were this date (to catch up or to try it out).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        today = None
        if options["today"]:
            try:
                today = dt.date.fromisoformat(options["today"])
            except ValueError as error:
                raise CommandError(
                    f"--today {options['today']!r} is not a date: write it as YYYY-MM-DD"
                ) from error
        sent = send_due_reminders(today)
        self.stdout.write(f"Sent {sent} reminder{'s' if sent != 1 else ''}.")

"""Fill the database with invented but realistic demo data and the demo sign-ins."""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from core import academic_year, clock, formatting
from core.demo.plan import SCALES
from demo.seed import seed_demo


class Command(BaseCommand):
    help = (
        "Load the reference data, then demo organisations, commissions and one user per "
        "persona. Safe to run again: existing rows are kept. Only runs in demo mode."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--scale",
            choices=sorted(SCALES),
            default="small",
            help="small (the default, a few seconds) or national (the size of England)",
        )
        parser.add_argument(
            "--reset-passwords",
            action="store_true",
            help="set every existing demo user's password back to the demo password",
        )

        parser.add_argument(
            "--today",
            metavar="YYYY-MM-DD",
            help="build the demo as if this were today (default: the real today)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEMO_MODE:
            raise CommandError(
                "seed_demo only runs in demo mode, because it creates users with a published "
                "password. Turn demo mode on by setting EDQUALITY_DEMO=true in the environment "
                "(never in production) and run it again."
            )
        try:
            today = clock.parse_day(options["today"], name="--today") if options["today"] else None
        except ValueError as error:
            raise CommandError(str(error)) from None
        started = time.perf_counter()
        scale = SCALES[options["scale"]]
        try:
            report = seed_demo(scale=scale, reset_passwords=options["reset_passwords"], today=today)
        except ValidationError as error:
            raise CommandError(f"Demo data not loaded: {'; '.join(error.messages)}") from error
        years = report.plan.years
        for line in report.reference:
            self.stdout.write(line)
        self.stdout.write(
            f"Demo data at {scale.name} scale, built as of {formatting.date(report.as_of)}, "
            f"academic years {academic_year.label(years[0])} to "
            f"{academic_year.label(years[-1])}:"
        )
        for line in report.lines():
            self.stdout.write(line)
        elapsed = time.perf_counter() - started
        self.stdout.write(
            self.style.SUCCESS(f"Done in {elapsed:.1f} s.")
            + " List the demo sign-ins with: python manage.py demo_logins"
        )

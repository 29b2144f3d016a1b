"""Compute (or recompute) one academic year's QCPM ratings from the stored KPI values."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from accounts.models import User
from core import academic_year
from ratings.compute.services import ratings_compute


class Command(BaseCommand):
    help = (
        "Compute every rating of an academic year, for example --year 2025/26. The year's "
        "round is created in draft if it has none; approved or published ratings are frozen."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", required=True, help="the academic year, like 2025/26")
        parser.add_argument(
            "--actor",
            metavar="EMAIL",
            help="record this (active) user as the one who computed; the system otherwise",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            year = academic_year.parse(options["year"])
        except ValueError as error:
            raise CommandError(str(error)) from None
        actor = None
        if options["actor"]:
            actor = User.objects.filter(
                email__iexact=options["actor"].strip(), is_active=True
            ).first()
            if actor is None:
                raise CommandError(f"No active user has the e-mail address {options['actor']}.")
        try:
            summary = ratings_compute(actor=actor, year=year)
        except PermissionDenied:
            raise CommandError(
                f"{options['actor']} may not compute ratings: only contract managers and "
                "quality administrators may."
            ) from None
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        self.stdout.write(self.style.SUCCESS(f"Computed {summary}."))

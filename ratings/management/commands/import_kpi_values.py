"""Import KPI values from a CSV or Excel file, with the same checks as the web page."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from accounts.models import User
from core import academic_year
from core.imports.errors import FileRefused
from ratings.imports.parsing import check_file_size
from ratings.imports.services import import_file
from ratings.permissions import can_manage_ratings


class Command(BaseCommand):
    help = (
        "Import KPI values (columns ukprn, programme_code, academic_year, kpi_code, value, "
        "numerator, denominator) from a CSV or .xlsx file. Nothing is saved unless every row "
        "is valid; importing the same file again changes nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="the CSV or .xlsx file")
        parser.add_argument(
            "--dry-run", action="store_true", help="check the file and report, save nothing"
        )
        parser.add_argument(
            "--actor",
            help="e-mail of the contract manager or administrator the import is recorded as",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        actor = None
        if options["actor"]:
            actor = User.objects.filter(email__iexact=options["actor"]).first()
            if actor is None:
                raise CommandError(f"No user has the e-mail address {options['actor']}.")
            if not can_manage_ratings(actor):
                raise CommandError(
                    f"{actor.email} may not load KPI data: only contract managers and "
                    "quality administrators may."
                )
        path = Path(options["file"])
        try:
            check_file_size(path.stat().st_size)
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror or error}.") from None
        except FileRefused as refused:
            raise CommandError(str(refused)) from None
        plan, kpi_import = import_file(
            actor=actor, file_name=path.name, data=data, dry_run=options["dry_run"]
        )
        if not plan.is_valid:
            errors = plan.errors
            lines = [str(error) for error in errors]
            if errors.total > len(lines):
                lines.append(f"... and {errors.total - len(lines):,} more.")
            noun = "error" if errors.total == 1 else "errors"
            raise CommandError(
                f"{path.name} has {errors.total:,} {noun}; nothing was imported.\n"
                + "\n".join(lines)
            )
        counts = plan.counts()
        verb = "would create" if options["dry_run"] else "created"
        self.stdout.write(
            f"{path.name}: {counts['rows']:,} rows; {verb} {counts['created']:,}, "
            f"{'would change' if options['dry_run'] else 'changed'} {counts['changed']:,}, "
            f"unchanged {counts['unchanged']:,}."
        )
        for (year, code), (created, changed, unchanged) in sorted(plan.by_year_kpi.items()):
            self.stdout.write(
                f"  {academic_year.label(year)} {code}: {created:,} new, {changed:,} changed, "
                f"{unchanged:,} unchanged"
            )
        if kpi_import is not None:
            self.stdout.write(self.style.SUCCESS(f"Imported as import {kpi_import.pk}."))
        else:
            self.stdout.write("Dry run: nothing was saved.")

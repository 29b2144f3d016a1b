"""Import placement providers from an ODS trust extract, or education providers from a CSV."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from accounts.models import User
from core.imports.errors import FileRefused, NotAcknowledged, check_size
from organisations.imports.moves import MOVE_REGIONS, count_organisations, named_codes
from organisations.imports.plan import ImportPlan
from organisations.imports.selectors import changed_with_live_work
from organisations.imports.services import import_file
from organisations.models import ImportRun

# A summary names this many records per group before it just counts the rest.
LIST_LIMIT = 20


class Command(BaseCommand):
    help = (
        "Import organisations from a file: --ods for an NHS ODS trust extract (placement "
        "providers), --providers for a CSV of education providers (ukprn,name,region). "
        "Nothing is saved unless every row is valid; running the same file again changes nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        source = parser.add_mutually_exclusive_group(required=True)
        source.add_argument("--ods", metavar="FILE", help="an ODS trust extract (etr.csv)")
        source.add_argument("--providers", metavar="FILE", help="a CSV of education providers")
        parser.add_argument(
            "--dry-run", action="store_true", help="show what would change and save nothing"
        )
        parser.add_argument(
            "--move-regions",
            action="store_true",
            help="confirm that the organisations the file moves to another region should move "
            "(their people, ratings and self-assessments go with them); without it such a "
            "file is refused",
        )
        parser.add_argument(
            "--actor",
            metavar="EMAIL",
            help="record this (active) user as the one who made the changes; the system otherwise",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["ods"]:
            source, path = ImportRun.Source.ODS, Path(options["ods"])
        else:
            source, path = ImportRun.Source.PROVIDERS, Path(options["providers"])
        self._verbose = options["verbosity"] >= 2
        actor = self._actor(options["actor"])
        data = self._read(path)
        try:
            plan, run = import_file(
                actor=actor,
                source=source,
                file_name=path.name,
                data=data,
                dry_run=options["dry_run"],
                acknowledged=[MOVE_REGIONS] if options["move_regions"] else [],
            )
        except NotAcknowledged as refused:
            self._summary(refused.plan, path.name, actor)
            moves = refused.plan.region_moves()
            raise CommandError(
                f"The file moves {count_organisations(len(moves))} to another region "
                f"({named_codes(moves)}); nothing was imported. Check the moves above and run "
                "it again with --move-regions to confirm them."
            ) from None
        if not plan.is_valid:
            raise CommandError(self._errors(plan))
        self._summary(plan, path.name, actor)
        if run is None:
            self.stdout.write("Dry run: nothing was saved.")
        else:
            self.stdout.write(self.style.SUCCESS(f"Imported: recorded as import run {run.pk}."))

    def _actor(self, email: str | None) -> User | None:
        if not email:
            return None
        user = User.objects.filter(email__iexact=email.strip(), is_active=True).first()
        if user is None:
            raise CommandError(f"No active user has the e-mail address {email}.")
        return user

    def _read(self, path: Path) -> bytes:
        try:
            check_size(path.stat().st_size, settings.IMPORT_MAX_BYTES)
            with path.open("rb") as handle:
                data = handle.read(settings.IMPORT_MAX_BYTES + 1)
            check_size(len(data), settings.IMPORT_MAX_BYTES)
        except FileRefused as refused:
            raise CommandError(f"{path.name}: {refused.error}") from None
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror}") from None
        return data

    def _errors(self, plan: ImportPlan) -> str:
        lines = [
            f"{plan.errors.total:,} {'error' if plan.errors.total == 1 else 'errors'} "
            "in the file; nothing was imported."
        ]
        lines += [f"  {error}" for error in plan.errors]
        if plan.errors.not_shown:
            lines.append(f"  ... and {plan.errors.not_shown:,} more.")
        return "\n".join(lines)

    def _summary(self, plan: ImportPlan, file_name: str, actor: User | None) -> None:
        write = self.stdout.write
        counts = plan.counts()
        write(f"{plan.source_label} {file_name}: {counts['rows']:,} rows read.")
        write(f"Created: {counts['created']:,}")
        self._list(f"{c.code} {c.name}" for c in plan.creates)
        inferred = plan.inferred_types()
        if inferred:
            kinds = ", ".join(f"{count:,} {label}" for label, count in inferred.items())
            write(
                f"  Provider type inferred from the name for {sum(inferred.values()):,}: {kinds}."
            )
        write(f"Updated: {counts['updated']:,}")
        self._list(
            f"{u.code} {u.name}: "
            + "; ".join(
                f"{c.label} {c.before or '(blank)'} -> {c.after or '(blank)'}" for c in u.changes
            )
            for u in plan.updates
        )
        moves = plan.region_moves()
        live = changed_with_live_work(plan, actor)
        write(f"Moved to another region: {len(moves):,}")
        self._list(
            f"{u.code} {u.name}: {change.before or '(none)'} -> {change.after}; "
            + ("; ".join(live[u.organisation.pk]) if u.organisation.pk in live else "nothing live")
            for u in moves
            if (change := u.region_change) is not None
        )
        busy = [u for u in plan.updates if u.organisation.pk in live]
        write(f"Changed, with work in progress: {len(busy):,}")
        self._list(f"{u.code} {u.name}: {'; '.join(live[u.organisation.pk])}" for u in busy)
        write(f"Unchanged: {counts['unchanged']:,}")
        write(f"Skipped: {counts['skipped']:,}")
        for reason, skips in plan.skip_groups().items():
            names = ", ".join(f"{skip.code} (row {skip.row})" for skip in skips[:LIST_LIMIT])
            more = f" and {len(skips) - LIST_LIMIT:,} more" if len(skips) > LIST_LIMIT else ""
            write(f"  {reason} ({len(skips):,}): {names}{more}")

    def _list(self, lines: Any) -> None:
        items = list(lines)
        shown = items if self._verbose else items[:LIST_LIMIT]
        for line in shown:
            self.stdout.write(f"  {line}")
        if len(items) > len(shown):
            self.stdout.write(f"  ... and {len(items) - len(shown):,} more (use -v 2 to list all).")

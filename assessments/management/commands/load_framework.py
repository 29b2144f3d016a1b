"""Load quality framework versions from their data files (idempotent)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from assessments.framework.checks import framework_read
from assessments.framework.loading import DEFAULT_FRAMEWORK_FILE, framework_load_checked


class Command(BaseCommand):
    help = (
        "Create or update framework versions from JSON data files, matching every domain, "
        "standard and question on its reference id. Without a file, loads the default "
        f"framework ({DEFAULT_FRAMEWORK_FILE.name}). A malformed file, or a change to a "
        "version a campaign uses, is refused and nothing is written."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "files",
            nargs="*",
            type=Path,
            help="Framework files, loaded in order (a later file may map to an earlier one)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        paths: list[Path] = options["files"] or [DEFAULT_FRAMEWORK_FILE]
        lines = []
        # One transaction for every file: a refusal in the last leaves the first unloaded too.
        with transaction.atomic():
            for path in paths:
                try:
                    data = framework_read(path)
                    # Checked inside the transaction, so a file may name records of an
                    # earlier file of the same run as its ``previous``.
                    summary = framework_load_checked(actor=None, data=data, source=path.name)
                except ValidationError as error:
                    raise CommandError(_message(path, error)) from None
                lines.append(summary.line(f"{data['code']} from {path.name}"))
        for line in lines:
            self.stdout.write(line)


def _message(path: Path, error: ValidationError) -> str:
    problems = error.messages
    if len(problems) == 1:
        return f"{path.name} was not loaded: {problems[0]}"
    listed = "\n".join(f"- {problem}" for problem in problems)
    return f"{path.name} was not loaded; {len(problems)} problems:\n{listed}"

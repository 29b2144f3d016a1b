"""Load every app's reference data (regions, programmes, KPI definitions, the default quality
framework): idempotent."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from core.reference import loaders


class Command(BaseCommand):
    help = "Load the shared reference data from the versioned files in the repository."

    def handle(self, *args: Any, **options: Any) -> None:
        for loader in loaders():
            self.stdout.write(loader.load(actor=None).line(loader.label))

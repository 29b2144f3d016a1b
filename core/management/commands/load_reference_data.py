"""Load regions, offices, teams, professions, programmes and KPI definitions (idempotent)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from assessments.services_framework import framework_load_file
from organisations.services import regions_load
from programmes.services import programmes_load
from ratings.services_definitions import kpis_load


class Command(BaseCommand):
    help = "Load the shared reference data from the versioned files in the repository."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(regions_load(actor=None).line("Regions, offices and teams"))
        self.stdout.write(programmes_load(actor=None).line("Professions and programmes"))
        self.stdout.write(kpis_load(actor=None).line("KPI definitions"))
        self.stdout.write(framework_load_file(actor=None).line("Default quality framework"))

"""Create a year's QCPM methodology from the default settings or as a copy of another year."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from core import academic_year
from organisations.models import Region
from ratings.definitions.loading import methodology_create_default
from ratings.definitions.services import methodology_clone
from ratings.models import Methodology


def _year(text: str, option: str) -> int:
    try:
        return academic_year.parse(text)
    except ValueError as error:
        raise CommandError(f"{option}: {error}") from None


class Command(BaseCommand):
    help = (
        "Create the QCPM methodology of an academic year: from the default settings, or with "
        "--from as a copy of another year's methodology (every setting is copied). It covers "
        "the regions given with --regions; else the copied methodology's, or by default "
        "those that run QCPM (London and the South East)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", required=True, help="the academic year, like 2026/27")
        parser.add_argument(
            "--from", dest="source", metavar="YEAR", help="copy this year's methodology"
        )
        parser.add_argument(
            "--regions",
            metavar="CODES",
            help="the codes of the regions it covers, separated by commas, like LON,SE",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        year = _year(options["year"], "--year")
        source = None
        if options["source"]:
            source_year = _year(options["source"], "--from")
            source = Methodology.objects.filter(academic_year=source_year).first()
            if source is None:
                raise CommandError(
                    f"--from: {academic_year.label(source_year)} has no methodology to copy"
                )
        region_ids = _region_ids(options["regions"]) if options["regions"] else None
        try:
            if source is None:
                created = methodology_create_default(actor=None, year=year, region_ids=region_ids)
            else:
                created = methodology_clone(
                    actor=None, source=source, year=year, region_ids=region_ids
                )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        origin = f"a copy of {source.year_label}" if source else "the default settings"
        self.stdout.write(
            f"Created {created.name} with {created.kpis.count()} KPIs from {origin}, "
            f"covering {created.regions_text()}."
        )


def _region_ids(text: str) -> list[int]:
    codes = [code.strip().upper() for code in text.split(",") if code.strip()]
    found = dict(Region.objects.filter(code__in=codes).values_list("code", "pk"))
    unknown = [code for code in codes if code not in found]
    if unknown or not codes:
        known = ", ".join(Region.objects.order_by("code").values_list("code", flat=True))
        raise CommandError(
            f"--regions: no region has the code {', '.join(unknown) or text!r} (the codes: {known})"
        )
    return list(found.values())

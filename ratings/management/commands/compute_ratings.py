"""Compute (or recompute) one academic year's QCPM ratings from the stored KPI values, for one
region or for every region the year's methodology covers."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from accounts.models import User
from core import academic_year
from core.formatting import and_list
from organisations.models import Region
from ratings.compute.services import ratings_compute
from ratings.models import Methodology
from ratings.permissions import can_manage_region


class Command(BaseCommand):
    help = (
        "Compute every rating of an academic year, for example --year 2025/26, in one region "
        "(--region LON) or in each region the year's methodology covers. A region's round is "
        "created in draft if it has none; approved or published ratings are frozen."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", required=True, help="the academic year, like 2025/26")
        parser.add_argument(
            "--region",
            metavar="CODE",
            help="the region's code, like LON; every region the methodology covers otherwise",
        )
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
        regions = _regions(year, options["region"])
        # Every region is checked before any is computed, so a refusal changes nothing.
        refused = [r.name for r in regions if actor and not can_manage_region(actor, r.pk)]
        if refused:
            raise CommandError(
                f"{options['actor']} may not compute ratings in {and_list(refused)}: only "
                "the region's contract managers and quality administrators may."
            )
        for region in regions:
            try:
                summary = ratings_compute(actor=actor, year=year, region=region)
            except ValidationError as error:
                raise CommandError(" ".join(error.messages)) from None
            self.stdout.write(self.style.SUCCESS(f"Computed {summary}."))


def _regions(year: int, code: str | None) -> list[Region]:
    if code:
        region = Region.objects.filter(code__iexact=code.strip()).first()
        if region is None:
            known = ", ".join(Region.objects.order_by("code").values_list("code", flat=True))
            raise CommandError(f"--region: no region has the code {code} (the codes: {known}).")
        return [region]
    methodology = Methodology.objects.filter(academic_year=year).first()
    if methodology is None:
        raise CommandError(
            f"{academic_year.label(year)} has no rating methodology yet. A quality "
            "administrator needs to create one before ratings can be computed."
        )
    return list(methodology.regions.order_by("name"))

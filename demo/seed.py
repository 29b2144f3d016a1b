"""Write the planned demo data: bulk inserts for the generated rows, services for people.

Rows are matched on their codes (UKPRN, ODS code, site name within its provider,
provider, programme and year) and skipped when they exist, so running it again changes
nothing and a larger scale only adds. ``bulk_create`` writes no audit entries; generated
demo data does not need them, and the personas' accounts and roles do get them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import transaction

from access.roles import Role
from accounts.models import User
from core import academic_year, clock
from core.audit import acting_as
from demo.assessments.seed import seed_assessments
from demo.build import build_plan
from demo.personas import PERSONAS, ensure_personas
from demo.plan import Plan, PlannedOrganisation, Scale
from demo.qcpm import seed_kpi_values, seed_methodologies, seed_ratings
from demo.seed_types import Tally
from organisations.models import LocalOffice, Organisation, Region, Site, Status
from organisations.services import regions_load
from programmes.models import Commission, Programme
from programmes.services import programmes_load

BATCH_SIZE = 500


@dataclass
class SeedReport:
    """What one run of seed_demo did."""

    plan: Plan
    as_of: dt.date
    reference: list[str] = field(default_factory=list)
    tallies: dict[str, Tally] = field(default_factory=dict)

    def lines(self) -> list[str]:
        width = max(len(noun) for noun in self.tallies)
        return [
            f"  {noun:<{width}}  {tally.created:>6} created, {tally.unchanged:>6} unchanged"
            for noun, tally in self.tallies.items()
        ]


def _organisations(planned: list[PlannedOrganisation], code_field: str) -> Tally:
    regions = {region.code: region for region in Region.objects.all()}
    offices = {office.code: office for office in LocalOffice.objects.all()}
    existing = set(
        Organisation.objects.exclude(**{code_field: None}).values_list(code_field, flat=True)
    )
    new = [
        Organisation(
            kind=item.kind,
            name=item.name,
            provider_type=item.provider_type,
            region=regions[item.region_code],
            local_office=offices.get(item.local_office_code),
            status=Status.OPEN if item.is_open else Status.CLOSED,
            opened_on=item.opened_on,
            closed_on=item.closed_on,
            address=item.address,
            postcode=item.postcode,
            **{code_field: item.code},
        )
        for item in planned
        if item.code not in existing
    ]
    Organisation.objects.bulk_create(new, batch_size=BATCH_SIZE)
    return Tally(created=len(new), unchanged=len(planned) - len(new))


def _sites(planned: list[PlannedOrganisation]) -> Tally:
    ids = dict(Organisation.objects.exclude(ods_code=None).values_list("ods_code", "id"))
    existing = set(Site.objects.values_list("organisation_id", "name"))
    total = 0
    new = []
    for provider in planned:
        for site in provider.sites:
            total += 1
            if (ids[provider.code], site.name) not in existing:
                new.append(
                    Site(
                        organisation_id=ids[provider.code],
                        name=site.name,
                        ods_code=site.ods_code,
                        postcode=site.postcode,
                    )
                )
    Site.objects.bulk_create(new, batch_size=BATCH_SIZE)
    return Tally(created=len(new), unchanged=total - len(new))


def _commissions(plan: Plan) -> Tally:
    providers = dict(Organisation.objects.exclude(ukprn=None).values_list("ukprn", "id"))
    programmes = dict(Programme.objects.values_list("code", "id"))
    existing = set(
        Commission.objects.values_list("education_provider_id", "programme_id", "academic_year")
    )
    new = []
    for item in plan.commissions:
        key = (providers[item.ukprn], programmes[item.programme_code], item.academic_year)
        if key not in existing:
            new.append(
                Commission(
                    education_provider_id=key[0],
                    programme_id=key[1],
                    academic_year=item.academic_year,
                    places=item.places,
                )
            )
    Commission.objects.bulk_create(new, batch_size=BATCH_SIZE)
    return Tally(created=len(new), unchanged=len(plan.commissions) - len(new))


def seed_demo(
    *,
    scale: Scale,
    latest_year: int | None = None,
    reset_passwords: bool = False,
    today: dt.date | None = None,
) -> SeedReport:
    """Load the reference data, then the demo register and personas for ``scale``, dated
    relative to ``today`` (the clock's today unless given): the latest academic year is the
    one running that day, its campaign is open and its ratings are in provider preview."""
    with clock.as_of(today):
        return _seed(scale, latest_year, reset_passwords)


def _seed(scale: Scale, latest_year: int | None, reset_passwords: bool) -> SeedReport:
    plan = build_plan(scale, latest_year=latest_year or academic_year.current())
    report = SeedReport(plan=plan, as_of=clock.today())
    with transaction.atomic():
        report.reference.append(regions_load(actor=None).line("Regions, offices and teams"))
        report.reference.append(programmes_load(actor=None).line("Professions and programmes"))
        with acting_as(None, source="seed_demo"):
            tallies = report.tallies
            tallies["Education providers"] = _organisations(plan.education_providers, "ukprn")
            tallies["Placement providers"] = _organisations(plan.placement_providers, "ods_code")
            tallies["Sites"] = _sites(plan.placement_providers)
            tallies["Commissions"] = _commissions(plan)
            tallies["QCPM methodologies"] = seed_methodologies(plan.years)
            tallies["KPI values"] = seed_kpi_values(plan.years)
            created, unchanged = ensure_personas(plan=plan, reset_passwords=reset_passwords)
            tallies["Demo users"] = Tally(created=created, unchanged=unchanged)
            admin = User.objects.get(
                email=next(p.email for p in PERSONAS if p.role == Role.QUALITY_ADMIN)
            )
            # The demo contract manager computes and publishes London's ratings, as in real
            # use; the administrator, who acts for any region, the other regions'.
            contracts = User.objects.get(
                email=next(p.email for p in PERSONAS if p.role == Role.CONTRACT_MANAGER)
            )
            tallies["Rating rounds"] = seed_ratings(plan.years, actors=[contracts, admin])
            # The demo administrator opens the self-assessment campaigns and publishes.
            tallies["Self-assessments"] = seed_assessments(plan, admin)
    return report

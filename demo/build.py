"""Plan the demo data without touching the database.

The whole national catalogue is always generated from one fixed seed, in a fixed order, and
a scale keeps the first few providers of each region and the latest few years. So the small
scale is a subset of the national one: seeding national after small only adds to it, and
every run plans exactly the same codes, names and numbers. ``providers`` invents the
organisations and their sites, ``commissions`` the programmes and places; the scales and
what they plan are in ``plan``.
"""

from __future__ import annotations

from dataclasses import dataclass

from core.demo.plan import NATIONAL, SMALL, Plan, PlannedOrganisation, Scale
from demo.commissions import offered_programmes, programme_codes, series
from demo.providers import Generator, education_provider, placement_provider, regions


@dataclass
class Catalogue:
    """The whole national demo register, from which every scale takes its share."""

    education_providers: list[PlannedOrganisation]
    placement_providers: list[PlannedOrganisation]
    offered: dict[str, dict[str, float]]  # UKPRN -> programme code -> places multiplier


def build_catalogue() -> Catalogue:
    all_regions = regions()
    gen = Generator(all_regions)
    eps: list[PlannedOrganisation] = []
    pps: list[PlannedOrganisation] = []
    for region in all_regions:
        for rank in range(NATIONAL.education_providers.get(region.code, 0)):
            eps.append(education_provider(gen, region, rank))
        for rank in range(NATIONAL.placement_providers.get(region.code, 0)):
            pps.append(placement_provider(gen, region, rank))
    codes = programme_codes()
    offered = {ep.code: offered_programmes(ep.code, ep.rank, codes) for ep in eps}
    # Every programme runs somewhere even at the small scale, so every page has data.
    small_eps = [ep for ep in eps if ep.rank < SMALL.education_providers.get(ep.region_code, 0)]
    for code in codes:
        if small_eps and not any(code in offered[ep.code] for ep in small_eps):
            host = gen.rng.choice(small_eps)
            offered[host.code][code] = 1.0
    return Catalogue(eps, pps, offered)


def build_plan(scale: Scale, *, latest_year: int, catalogue: Catalogue | None = None) -> Plan:
    """What ``scale`` seeds when the latest academic year is ``latest_year``."""
    catalogue = catalogue or build_catalogue()
    all_years = list(range(latest_year - NATIONAL.years + 1, latest_year + 1))
    years = all_years[-scale.years :]
    plan = Plan(scale=scale, years=years)
    plan.education_providers = [
        ep
        for ep in catalogue.education_providers
        if ep.rank < scale.education_providers.get(ep.region_code, 0)
    ]
    plan.placement_providers = [
        pp
        for pp in catalogue.placement_providers
        if pp.rank < scale.placement_providers.get(pp.region_code, 0)
    ]
    for ep in plan.education_providers:
        for code, factor in catalogue.offered[ep.code].items():
            plan.commissions.extend(
                commission
                for commission in series(ep.code, code, factor, all_years)
                if commission.academic_year in years
            )
    return plan

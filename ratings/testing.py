"""QCPM test data on top of the persona world: KPIs, a methodology, values and ratings."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from access.testing import World
from accounts.models import User
from core import clock
from organisations.models import Organisation, Region
from programmes.models import Programme
from ratings.compute.methodology import to_method
from ratings.compute.rules import KpiInput, rate
from ratings.compute.services import ComputeSummary, ratings_compute
from ratings.definitions.loading import kpis_load, methodology_create_default
from ratings.models import Kpi, KpiValue, Methodology, Rating, RatingBand, RatingRound

YEAR = 2025

# (value, numerator, denominator) per KPI code.
type KpiValues = Mapping[str, tuple[str | None, int | None, int | None]]

# London is a strong provider, Midlands a weak one.
LONDON_VALUES: KpiValues = {
    "FILL": (None, 118, 120),
    "ATTR": (None, 9, 118),
    "COMP": (None, 88, 100),
    "PROG": (None, 105, 112),
    "EMPL": (None, 92, 100),
    "NSS": ("86", None, None),
    "NETS": ("82", None, None),
    "DATA": ("0", None, None),
    "ACTN": (None, 9, 10),
}
MIDLANDS_VALUES: KpiValues = {
    "FILL": (None, 60, 80),
    "ATTR": (None, 19, 60),
    "COMP": (None, 40, 55),
    "PROG": (None, 45, 58),
    "EMPL": (None, 30, 40),
    "NSS": ("71", None, None),
    "NETS": ("74", None, None),
    "DATA": ("12", None, None),
    "ACTN": (None, 3, 6),
}


@dataclass
class Qcpm:
    """The QCPM records tests refer to, beside the persona world: the methodology covers
    London and the Midlands, and ``round`` is London's round, ``midlands_round`` the
    Midlands'."""

    world: World
    methodology: Methodology
    round: RatingRound
    midlands_round: RatingRound
    kpis: dict[str, Kpi] = field(default_factory=dict)
    ratings: dict[str, Rating] = field(default_factory=dict)


def value_of(numerator: int | None, denominator: int | None, value: str | None) -> Decimal:
    if value is not None:
        return Decimal(value)
    if numerator is None or not denominator:
        raise ValueError("a ratio KPI needs a numerator and a denominator above 0")
    return (Decimal(numerator) * 100 / Decimal(denominator)).quantize(Decimal("0.0001"))


def add_values(provider: Organisation, programme: Programme, year: int, values: KpiValues) -> None:
    kpis = {kpi.code: kpi for kpi in Kpi.objects.all()}
    for code, (value, numerator, denominator) in values.items():
        KpiValue.objects.create(
            education_provider=provider,
            programme=programme,
            academic_year=year,
            kpi=kpis[code],
            value=value_of(numerator, denominator, value),
            numerator=numerator,
            denominator=denominator,
        )


def rating_from_values(round_: RatingRound, provider: Organisation, programme: Programme) -> Rating:
    """A rating made straight from the stored values with the real rule (no workflow)."""
    values = KpiValue.objects.filter(
        education_provider=provider, programme=programme, academic_year=round_.academic_year
    ).select_related("kpi")
    outcome = rate(
        to_method(round_.methodology),
        [KpiInput(v.kpi.code, v.value, v.denominator) for v in values],
    )
    return Rating.objects.create(
        round=round_,
        education_provider=provider,
        programme=programme,
        band=outcome.band.key if outcome.band is not None else RatingBand.NOT_RATED,
        score=outcome.score,
        coverage=outcome.coverage,
        explanation=outcome.as_dict(),
    )


def world_regions(world: World) -> list[int]:
    """The ids of the persona world's two regions, London and the Midlands."""
    return [region_of(world.london_ep).pk, region_of(world.midlands_ep).pk]


def region_of(provider: Organisation) -> Region:
    """The provider's region (every provider of the test world has one)."""
    if provider.region is None:
        raise ValueError(f"{provider} has no region")
    return provider.region


def methodology_for(world: World, year: int) -> Methodology:
    """A methodology with the default settings for ``year``, covering both world regions."""
    return methodology_create_default(actor=None, year=year, region_ids=world_regions(world))


def round_of(provider: Organisation, methodology: Methodology, **fields: object) -> RatingRound:
    """The round of the provider's region for the methodology's year (made when missing)."""
    round_, _ = RatingRound.objects.get_or_create(
        academic_year=methodology.academic_year,
        region=region_of(provider),
        defaults={"methodology": methodology, **fields},
    )
    return round_


def build_qcpm(world: World) -> Qcpm:
    kpis_load(actor=None)
    methodology = methodology_for(world, YEAR)
    london = round_of(world.london_ep, methodology)
    midlands = round_of(world.midlands_ep, methodology)
    add_values(world.london_ep, world.nursing, YEAR, LONDON_VALUES)
    add_values(world.midlands_ep, world.nursing, YEAR, MIDLANDS_VALUES)
    qcpm = Qcpm(
        world=world,
        methodology=methodology,
        round=london,
        midlands_round=midlands,
        kpis={kpi.code: kpi for kpi in Kpi.objects.all()},
    )
    qcpm.ratings["london"] = rating_from_values(london, world.london_ep, world.nursing)
    qcpm.ratings["midlands"] = rating_from_values(midlands, world.midlands_ep, world.nursing)
    return qcpm


def compute_every_region(year: int = YEAR, *, actor: User | None = None) -> list[ComputeSummary]:
    """Compute the year's ratings in each region its methodology covers, one by one."""
    methodology = Methodology.objects.get(academic_year=year)
    return [
        ratings_compute(actor=actor, year=year, region=region)
        for region in methodology.regions.order_by("name")
    ]


def preview_closed(round_: RatingRound) -> None:
    """The round's provider preview has closed (its last day was yesterday), as it must
    have before the ratings are approved without a reason."""
    RatingRound.objects.filter(pk=round_.pk).update(
        preview_closes_on=clock.today() - dt.timedelta(days=1)
    )

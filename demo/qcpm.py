"""Plausible QCPM data for the demo: a methodology and KPI values for every commission.

Each education provider has a steady underlying quality and a trend (some improve, some
slip), so the ratings computed from these values show a realistic spread: mostly green
and amber, some red, and movement from year to year. Small programmes give small
denominators, so some KPIs are suppressed, as they would be in real returns. Values are
generated from stable seeds, so every run produces the same numbers.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from decimal import Decimal
from typing import TYPE_CHECKING

from core import clock
from demo.seed_types import Tally
from organisations.models import Region
from programmes.models import Commission
from ratings.definitions.loading import kpis_load, methodology_create_default
from ratings.models import Computation, Kpi, KpiValue, Methodology
from ratings.permissions import can_manage_region

if TYPE_CHECKING:
    from accounts.models import User

BATCH_SIZE = 2000
HUNDRED = Decimal(100)


def _clamp(value: float, low: float, high: float) -> float:
    return max(low, min(high, value))


def _ratio(numerator: int, denominator: int) -> tuple[Decimal | None, int, int]:
    if denominator <= 0:
        return None, numerator, denominator
    value = (Decimal(numerator) * HUNDRED / Decimal(denominator)).quantize(Decimal("0.0001"))
    return value, numerator, denominator


def generate(
    ukprn: str, programme: str, year: int, first_year: int, places: int
) -> Iterator[tuple[str, Decimal | None, int | None, int | None]]:
    """(KPI code, value, numerator, denominator) for one commission."""
    provider = random.Random(f"quality:{ukprn}")  # noqa: S311 (demo data, not security)
    quality = provider.uniform(-1.0, 1.0)
    trend = provider.uniform(-0.12, 0.22)
    rng = random.Random(f"kpi:{ukprn}:{programme}:{year}")  # noqa: S311
    e = quality + trend * (year - first_year) + rng.gauss(0, 0.35)

    starters = round(places * _clamp(0.9 + 0.07 * e + rng.gauss(0, 0.03), 0.5, 1.08))
    leavers = round(starters * _clamp(0.12 - 0.05 * e + rng.gauss(0, 0.02), 0.01, 0.45))
    due = round(starters * 0.92)
    completed = round(due * _clamp(0.84 + 0.06 * e + rng.gauss(0, 0.03), 0.4, 1.0))
    progressed = round(starters * _clamp(0.89 + 0.05 * e + rng.gauss(0, 0.02), 0.5, 1.0))
    employed = round(completed * _clamp(0.88 + 0.05 * e + rng.gauss(0, 0.03), 0.5, 1.0))
    actions_due = rng.randint(2, 12)
    actions_done = round(actions_due * _clamp(0.85 + 0.1 * e + rng.gauss(0, 0.08), 0.2, 1.0))

    yield "FILL", *_ratio(starters, places)
    yield "ATTR", *_ratio(leavers, starters)
    yield "COMP", *_ratio(completed, due)
    yield "PROG", *_ratio(progressed, starters)
    yield "EMPL", *_ratio(employed, completed)
    nss = _clamp(82 + 6 * e + rng.gauss(0, 3), 40, 99)
    nets = _clamp(78 + 5 * e + rng.gauss(0, 3), 40, 99)
    yield "NSS", Decimal(f"{nss:.1f}"), None, None
    yield "NETS", Decimal(f"{nets:.1f}"), None, None
    yield "DATA", Decimal(max(0, round(2 - 4 * e + rng.gauss(0, 2)))), None, None
    yield "ACTN", *_ratio(actions_done, actions_due)


def seed_methodologies(years: list[int]) -> Tally:
    kpis_load(actor=None)
    existing = set(Methodology.objects.values_list("academic_year", flat=True))
    for year in years:
        if year not in existing:
            methodology_create_default(actor=None, year=year)
    created = len(set(years) - existing)
    return Tally(created=created, unchanged=len(years) - created)


def seed_kpi_values(years: list[int]) -> Tally:
    """Values for every commission in ``years``; existing values are left alone."""
    kpis = {kpi.code: kpi for kpi in Kpi.objects.all()}
    ratio = {code for code, kpi in kpis.items() if kpi.computation == Computation.RATIO}
    existing = set(
        KpiValue.objects.filter(academic_year__in=years).values_list(
            "education_provider_id", "programme_id", "academic_year", "kpi_id"
        )
    )
    commissions = Commission.objects.filter(academic_year__in=years).values_list(
        "education_provider_id",
        "education_provider__ukprn",
        "programme_id",
        "programme__code",
        "academic_year",
        "places",
    )
    first_year = min(years)
    new: list[KpiValue] = []
    total = 0
    for provider_id, ukprn, programme_id, code, year, places in commissions.iterator():
        for kpi_code, value, numerator, denominator in generate(
            str(ukprn), code, year, first_year, places
        ):
            total += 1
            kpi = kpis[kpi_code]
            if value is None or (provider_id, programme_id, year, kpi.pk) in existing:
                continue
            new.append(
                KpiValue(
                    education_provider_id=provider_id,
                    programme_id=programme_id,
                    academic_year=year,
                    kpi=kpi,
                    value=value,
                    numerator=numerator if kpi_code in ratio else None,
                    denominator=denominator if kpi_code in ratio else None,
                )
            )
    KpiValue.objects.bulk_create(new, batch_size=BATCH_SIZE)
    return Tally(created=len(new), unchanged=total - len(new))


# A past year's ratings are previewed for four weeks and published in the autumn after the
# year ends; the latest year is left open for provider preview for three weeks from today.
PUBLISHED_ON = (10, 15)
PREVIEW_WEEKS = 4
PREVIEW_OPEN_DAYS = 21


def publication_day(year: int, today: dt.date) -> dt.date:
    """The day a past year's ratings are published in the demo: mid October after the
    academic year ends, or a week before ``today`` when that comes sooner."""
    return min(dt.date(year + 1, *PUBLISHED_ON), today - dt.timedelta(days=7))


def seed_ratings(years: list[int], *, actors: list[User]) -> Tally:
    """Compute each year's ratings in every region its methodology covers; publish every
    year but the latest, which is left open for provider preview so that the demo education
    provider lead can query and reply. Each region's round goes through the steps on its own,
    moved by the first of ``actors`` who may (the region's contract manager, say, else the
    quality administrator).

    Each past year moves through preview, approval and publication on days before today
    (see ``publication_day``), so its published date reads as a real one. A round that has
    already moved past draft is left as it is.
    """
    from ratings.models import RatingRound, RoundStatus

    rounds = {
        (r.academic_year, r.region_id): r
        for r in RatingRound.objects.filter(academic_year__in=years)
    }
    methodologies = Methodology.objects.filter(academic_year__in=years).prefetch_related("regions")
    latest = max(years)
    created = unchanged = 0
    for methodology in sorted(methodologies, key=lambda m: m.academic_year):
        year = methodology.academic_year
        for region in methodology.regions.all():
            existing = rounds.get((year, region.pk))
            if existing is not None and existing.status != RoundStatus.DRAFT:
                unchanged += 1
                continue
            created += 1
            actor = next(user for user in actors if can_manage_region(user, region.pk))
            _rate_region(year, region, latest=year == latest, actor=actor)
    return Tally(created=created, unchanged=unchanged)


def _rate_region(year: int, region: Region, *, latest: bool, actor: User | None) -> None:
    """Compute a region's round of ``year``, then open its preview (the latest year) or take
    it through preview, approval and publication on days before today."""
    from ratings.compute.services import ratings_compute
    from ratings.models import RatingRound
    from ratings.workflow.services import round_transition

    today = clock.today()
    round_ = ratings_compute(actor=actor, year=year, region=region).round
    if latest:
        closes = today + dt.timedelta(days=PREVIEW_OPEN_DAYS)
        round_transition(actor=actor, round_=round_, name="preview", preview_closes_on=closes)
        return
    published = publication_day(year, today)
    with clock.as_of(published - dt.timedelta(weeks=PREVIEW_WEEKS)):
        round_transition(
            actor=actor,
            round_=round_,
            name="preview",
            preview_closes_on=published - dt.timedelta(days=7),
        )
    for step, day in (("approve", published - dt.timedelta(days=3)), ("publish", published)):
        with clock.as_of(day):
            round_ = RatingRound.objects.get(pk=round_.pk)
            round_transition(actor=actor, round_=round_, name=step)

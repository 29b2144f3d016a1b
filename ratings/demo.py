"""Plausible QCPM data for the demo: a methodology and KPI values for every commission.

Each education provider has a steady underlying quality and a trend (some improve, some
slip), so the ratings computed from these values show a realistic spread: mostly green
and amber, some red, and movement from year to year. Small programmes give small
denominators, so some KPIs are suppressed, as they would be in real returns. Values are
generated from stable seeds, so every run produces the same numbers.

A value is written only once it would be known on the day the demo is seeded
(``KNOWN_FROM``): the year running then has only what its first months tell (starters, the
autumn return), and the year that has just ended waits for its completions and employment.
So the round in provider preview is the year that ended most recently, and the running year
has no round yet (decision 0024).
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from decimal import Decimal

from access.roles import Role
from accounts.models import User
from core import clock
from core.demo import DemoBuilder, DemoContext, Tally
from organisations.models import Region
from programmes.models import Commission
from ratings.definitions.loading import kpis_load, methodology_create_default
from ratings.models import Computation, Kpi, KpiValue, Methodology
from ratings.permissions import can_manage_region

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


# When a year's value of each KPI is first known, for the academic year that starts on
# 1 September of year Y: (years after Y, month, day). The demo writes a value only from then.
KNOWN_FROM = {
    "FILL": (0, 12, 1),  # starters at the autumn census, returned in November
    "DATA": (0, 12, 1),  # how late that autumn return came in
    "NETS": (1, 3, 1),  # the autumn survey's results, out in the spring
    "NSS": (1, 7, 15),  # the National Student Survey's results, out in July
    "ATTR": (1, 9, 1),  # the end-of-year return: leavers over the whole year
    "PROG": (1, 9, 1),  # who progressed, decided by the summer exam boards
    "ACTN": (1, 9, 1),  # the year's improvement actions, counted when it ends
    "COMP": (1, 11, 1),  # completions by the expected end date, resits included
    "EMPL": (2, 3, 1),  # employment six months after completing
}


def known_on(kpi_code: str, year: int) -> dt.date:
    """The day the demo's value of ``kpi_code`` for academic year ``year`` is first known."""
    after, month, day = KNOWN_FROM[kpi_code]
    return dt.date(year + after, month, day)


def seed_kpi_values(years: list[int]) -> Tally:
    """Values for every commission in ``years`` that are known by today (``known_on``);
    existing values are left alone."""
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
    today = clock.today()
    new: list[KpiValue] = []
    total = 0
    for provider_id, ukprn, programme_id, code, year, places in commissions.iterator():
        for kpi_code, value, numerator, denominator in generate(
            str(ukprn), code, year, first_year, places
        ):
            if known_on(kpi_code, year) > today:
                continue  # not known yet on the day the demo is seeded
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


# A past year's ratings are previewed for four weeks and published in March, eighteen months
# after the year began: once its employment figures are known (KNOWN_FROM), so a published
# round has every KPI. The year that ended most recently is left open for provider preview
# for three weeks from today.
PUBLISHED_ON = (3, 15)
PUBLISHED_YEARS_AFTER = 2
PREVIEW_WEEKS = 4
PREVIEW_OPEN_DAYS = 21


def publication_day(year: int, today: dt.date) -> dt.date:
    """The day a past year's ratings are published in the demo: 15 March of the second
    calendar year after the academic year began (2024/25 on 15 March 2026), or a week
    before ``today`` when that comes sooner."""
    published = dt.date(year + PUBLISHED_YEARS_AFTER, *PUBLISHED_ON)
    return min(published, today - dt.timedelta(days=7))


def rated_years(years: list[int]) -> list[int]:
    """The years whose rounds the demo runs: all but the one running today, which has only
    its first months' values and no round yet."""
    return sorted(years)[:-1]


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


def _ratings(context: DemoContext) -> Tally:
    # The demo contract manager computes and publishes London's ratings, as in real use;
    # the administrator, who acts for any region, the other regions'.
    contracts = User.objects.get(email=context.emails[Role.CONTRACT_MANAGER])
    admin = User.objects.get(email=context.emails[Role.QUALITY_ADMIN])
    years = rated_years(context.plan.years)
    return seed_ratings(years, actors=[contracts, admin]) if years else Tally()


# Handed up to the demo seed by RatingsConfig.ready(): the methodologies and KPI values
# before the ratings computed from them.
DEMO_BUILDERS = (
    DemoBuilder("QCPM methodologies", lambda context: seed_methodologies(context.plan.years), 10),
    DemoBuilder("KPI values", lambda context: seed_kpi_values(context.plan.years), 20),
    DemoBuilder("Rating rounds", _ratings, 40),
)

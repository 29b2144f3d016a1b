"""QCPM: recomputing every rating of one year at the issue's national scale.

That scale is 150 education providers x 30 programmes x 12 KPIs x 10 years, about 540,000
values. The demo data has 23 programmes and the default methodology 9 KPIs, so the
scenario adds 7 programmes and 3 KPIs of its own (kept, with the year's methodology
settings for them), fills a year after the demo's with every provider x programme x KPI
(54,000 values) and nine later years with as many values again (read by nothing, there so
the table is as large as the national one), then rates the first of those years.
"""

from __future__ import annotations

import random
from decimal import Decimal

from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from bench.timing import Measure, once, sql_ms
from core import academic_year, clock
from core.bulk import insert_rows
from organisations.kinds import OrganisationKind
from organisations.models import Organisation, Region
from programmes.models import Commission, Profession, Programme
from ratings.compute.services import ComputeSummary, ratings_compute
from ratings.definitions.loading import kpis_load, methodology_create_default
from ratings.models import (
    Computation,
    Direction,
    Kpi,
    KpiValue,
    Methodology,
    MethodologyKpi,
    RatingRound,
    Unit,
)

PROGRAMMES = 30
YEARS = 10
# Three KPIs beyond the default nine, to reach the twelve of the national scale.
EXTRA_KPIS = ["XSAF", "XSUP", "XREC"]
# Roughly where each KPI sits (mean, spread) for a plausible spread of bands.
CENTRES = {
    "FILL": (93, 6),
    "ATTR": (12, 5),
    "COMP": (83, 6),
    "PROG": (88, 5),
    "EMPL": (88, 5),
    "NSS": (82, 6),
    "NETS": (78, 6),
    "DATA": (2, 3),
    "ACTN": (85, 10),
    "XSAF": (80, 7),
    "XSUP": (84, 6),
    "XREC": (86, 5),
}


def _programmes() -> list[int]:
    """The first 30 active programmes, making bench ones where the demo has fewer."""
    have = list(Programme.objects.filter(active=True).order_by("pk").values_list("pk", flat=True))
    professions = list(Profession.objects.order_by("pk"))
    for n in range(len(have), PROGRAMMES):
        programme = Programme.objects.create(
            code=f"BENCH{n + 1:02d}",
            name=f"Benchmark programme {n + 1}",
            profession=professions[n % len(professions)],
        )
        have.append(programme.pk)
    return have[:PROGRAMMES]


def _extra_kpis(methodology: Methodology) -> None:
    """Three more percentage KPIs, higher is better, with settings in ``methodology``."""
    for code in EXTRA_KPIS:
        kpi, _ = Kpi.objects.get_or_create(
            code=code,
            defaults={
                "name": f"Benchmark KPI {code}",
                "unit": Unit.PERCENT,
                "direction": Direction.HIGHER,
                "computation": Computation.VALUE,
            },
        )
        MethodologyKpi.objects.get_or_create(
            methodology=methodology,
            kpi=kpi,
            defaults={
                "target": Decimal(85),
                "green_threshold": Decimal(85),
                "high_amber_threshold": Decimal(80),
                "low_amber_threshold": Decimal(75),
                "weight": Decimal(1),
            },
        )


def _filler(year: int, providers: list[int], programmes: list[int], kpis: list[int]) -> int:
    """Values for ``YEARS - 1`` years after ``year`` that no rating reads."""
    rng = random.Random(f"filler:{year}")  # noqa: S311 (benchmark data, not security)
    rows = (
        (provider, programme, later, kpi, Decimal(f"{rng.uniform(40, 99):.4f}"))
        for later in range(year + 1, year + YEARS)
        for provider in providers
        for programme in programmes
        for kpi in kpis
    )
    with transaction.atomic():
        return insert_rows(
            KpiValue,
            ["education_provider_id", "programme_id", "academic_year", "kpi_id", "value"],
            rows,
            fixed={"updated_at": clock.now()},
        )


def _national_year(year: int) -> int:
    """A year of KPI values at national scale: every education provider with 30
    commissioned programmes and 12 KPIs, in a year after the demo's."""
    if not Kpi.objects.exists():
        kpis_load(actor=None)
    methodology = Methodology.objects.filter(academic_year=year).first()
    if methodology is None:
        every_region = Region.objects.values_list("pk", flat=True)
        methodology = methodology_create_default(actor=None, year=year, region_ids=every_region)
    _extra_kpis(methodology)
    rng = random.Random(f"bench:{year}")  # noqa: S311 (benchmark data, not security)
    providers = list(
        Organisation.objects.filter(kind=OrganisationKind.EDUCATION_PROVIDER).values_list(
            "pk", flat=True
        )
    )
    programmes = _programmes()
    commissions = [
        Commission(
            education_provider_id=provider,
            programme_id=programme,
            academic_year=year,
            places=rng.choice([8, 15, 25, 40, 60, 90, 120, 160]),
        )
        for provider in providers
        for programme in programmes
    ]
    Commission.objects.bulk_create(commissions, batch_size=2000, ignore_conflicts=True)
    kpis = list(Kpi.objects.filter(code__in=CENTRES))
    rows = []
    for commission in commissions:
        places = commission.places
        for kpi in kpis:
            mean, spread = CENTRES[kpi.code]
            value = max(0.0, min(100.0, rng.gauss(mean, spread)))
            numerator = denominator = None
            if kpi.computation == Computation.RATIO:
                denominator = Decimal(places)
                numerator = Decimal(min(places, round(places * value / 100)))
                value = float(numerator * 100 / denominator)
            rows.append(
                KpiValue(
                    education_provider_id=commission.education_provider_id,
                    programme_id=commission.programme_id,
                    academic_year=year,
                    kpi=kpi,
                    value=Decimal(f"{value:.4f}"),
                    numerator=numerator,
                    denominator=denominator,
                )
            )
    KpiValue.objects.bulk_create(rows, batch_size=2000)
    _filler(year, providers, programmes, [kpi.pk for kpi in kpis])
    return len(rows)


def run() -> list[Measure]:
    latest = (
        Commission.objects.order_by("-academic_year")
        .values_list("academic_year", flat=True)
        .first()
    )
    year = (latest or academic_year.current()) + 1
    if (
        KpiValue.objects.filter(academic_year=year).exists()
        or RatingRound.objects.filter(academic_year=year).exists()
    ):
        return []  # not a fresh benchmark database
    values = _national_year(year)

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # statistics as the database's own analysis would keep
    stored = KpiValue.objects.count()
    regions = list(Methodology.objects.get(academic_year=year).regions.all())

    def recompute() -> list[ComputeSummary]:
        # Each region's round is computed on its own; nationally, one after another.
        return [ratings_compute(actor=None, year=year, region=region) for region in regions]

    summaries = recompute()
    programmes = sum(s.programmes_rated + s.programmes_not_rated for s in summaries)
    providers = sum(s.providers for s in summaries)
    result = once(
        f"Recompute every rating of {academic_year.label(year)} in all {len(regions)} regions: "
        f"{values:,} KPI values, {programmes:,} programmes, {providers} providers",
        recompute,
        target="< 2 s",
        runs=5,
    )
    with CaptureQueriesContext(connection) as ctx:
        recompute()
    result.queries = len(ctx.captured_queries)
    result.sql_ms = sql_ms(
        "SELECT v.education_provider_id, v.programme_id, p.profession_id, k.code, v.value, "
        "v.numerator, v.denominator FROM ratings_kpivalue v "
        "JOIN programmes_programme p ON p.id = v.programme_id "
        "JOIN ratings_kpi k ON k.id = v.kpi_id WHERE v.academic_year = %s",
        [year],
    )
    result.note = f"plain SQL reads the same KPI values; the table holds {stored:,} values in all"
    return [result]

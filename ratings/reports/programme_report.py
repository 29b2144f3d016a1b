"""A programme's page: every visible provider's rating of it, benchmarked (rank within the
profession, regional average, movement since last year), band counts and a funnel plot."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db.models import QuerySet

from programmes.models import Programme
from ratings.compute import stats
from ratings.models import Computation, Kpi, KpiValue, Rating
from ratings.reports.explanations import KpiLine, kpi_lines
from ratings.reports.selectors import ratings_visible_to

if TYPE_CHECKING:
    from accounts.models import Viewer


@dataclass(frozen=True)
class PreviousRating:
    """What the programme page shows of last year's rating: its band."""

    band: str


@dataclass
class BenchmarkRow:
    rating: Rating
    rank: int | None
    of: int
    region_average: Decimal | None
    previous: PreviousRating | None
    movement: stats.Movement
    lines: list[KpiLine]
    # The lines again, one per column of the page's KPI table (None where the KPI is absent).
    cells: list[KpiLine | None] = field(default_factory=list)


@dataclass
class ProgrammeReport:
    programme: Programme
    year: int
    rows: list[BenchmarkRow]
    region_averages: list[tuple[str, Decimal | None, int]]
    counts: dict[str, int]
    kpi_choices: list[Kpi]
    kpi: Kpi | None
    funnel: stats.Funnel
    funnel_rows: list[tuple[str, stats.FunnelPoint]]
    kpi_columns: list[tuple[str, str]]


def programme_report(
    user: Viewer, programme: Programme, year: int, kpi_code: str | None
) -> ProgrammeReport:
    """Every visible provider's rating for the programme, benchmarked: rank within the
    profession, regional average, movement since last year, band counts and a funnel."""
    visible = ratings_visible_to(user).filter(programme__profession_id=programme.profession_id)
    # The programme's own ratings this year, in full with their explanations.
    rows_here = list(
        visible.filter(round__academic_year=year, programme=programme).select_related(
            "round", "education_provider__region"
        )
    )
    averages = stats.group_means((_region_of(r), r.score) for r in rows_here)
    kpis = {kpi.code: kpi for kpi in Kpi.objects.all()}
    rows = _benchmark_rows(visible, programme, year, rows_here, averages, kpis)
    region_counts: dict[str, int] = defaultdict(int)
    for rating in rows_here:
        region_counts[_region_of(rating)] += 1
    kpi_choices = [k for k in kpis.values() if k.computation == Computation.RATIO]
    kpi = next((k for k in kpi_choices if k.code == kpi_code), None) or (
        kpi_choices[0] if kpi_choices else None
    )
    plot = stats.funnel(_funnel_points(programme, year, kpi, rows_here))
    return ProgrammeReport(
        programme=programme,
        year=year,
        rows=rows,
        region_averages=[(name, averages[name], region_counts[name]) for name in sorted(averages)],
        counts=stats.band_counts([r.band for r in rows_here]),
        kpi_choices=kpi_choices,
        kpi=kpi,
        funnel=plot,
        funnel_rows=[(p.label, p) for p in plot.points],
        kpi_columns=_kpi_columns(rows),
    )


def _region_of(rating: Rating) -> str:
    region = rating.education_provider.region
    return region.name if region else "No region"


def _benchmark_rows(
    visible: QuerySet[Rating],
    programme: Programme,
    year: int,
    rows_here: list[Rating],
    averages: dict[str, Decimal | None],
    kpis: dict[str, Kpi],
) -> list[BenchmarkRow]:
    """One row per rating of the programme, ranked within the profession (best first)."""
    # Ranks within the profession and last year's bands need a few columns of every rating
    # of the profession in both years: plain rows, not model instances.
    scores = list(
        visible.filter(round__academic_year__in=[year, year - 1]).values_list(
            "pk", "round__academic_year", "programme_id", "education_provider_id", "score", "band"
        )
    )
    this_year = {pk: score for pk, when, _, _, score, _ in scores if when == year}
    ranks = stats.competition_ranks(this_year)
    ranked = sum(1 for score in this_year.values() if score is not None)
    before = {
        provider: PreviousRating(band)
        for _, when, programme_id, provider, _, band in scores
        if when == year - 1 and programme_id == programme.pk
    }
    rows = []
    for rating in sorted(rows_here, key=lambda r: r.education_provider.name.lower()):
        previous = before.get(rating.education_provider_id)
        rows.append(
            BenchmarkRow(
                rating=rating,
                rank=ranks.get(rating.pk),
                of=ranked,
                region_average=averages.get(_region_of(rating)),
                previous=previous,
                movement=stats.movement(previous.band if previous else None, rating.band),
                lines=kpi_lines(rating, kpis),
            )
        )
    rows.sort(key=lambda row: (row.rank is None, row.rank or 0, row.rating.education_provider.name))
    return rows


def _funnel_points(
    programme: Programme, year: int, kpi: Kpi | None, rows_here: list[Rating]
) -> list[tuple[str, float, float]]:
    """(provider name, numerator, denominator) of the KPI for each rated provider, by name."""
    if kpi is None:
        return []
    names = {r.education_provider_id: r.education_provider.name for r in rows_here}
    values = KpiValue.objects.filter(
        programme=programme,
        academic_year=year,
        kpi=kpi,
        education_provider_id__in=list(names),
        numerator__isnull=False,
        denominator__gt=0,
    ).values_list("education_provider_id", "numerator", "denominator")
    return sorted((names[pk], float(n or 0), float(d or 0)) for pk, n, d in values)


def _kpi_columns(rows: list[BenchmarkRow]) -> list[tuple[str, str]]:
    """The KPI table's columns (code, name) in the order first met; fills each row's cells."""
    columns: dict[str, str] = {}
    for row in rows:
        for line in row.lines:
            columns.setdefault(line.code, line.name)
    for row in rows:
        by_code = {line.code: line for line in row.lines}
        row.cells = [by_code.get(code) for code in columns]
    return list(columns.items())

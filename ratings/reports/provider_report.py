"""Everything a provider's page, its PDF and its public page show: each programme's rating
with its KPI lines and movement since last year, the right of reply and the score trend."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import QuerySet
from django.http import Http404

from organisations.models import Organisation
from ratings.compute import stats
from ratings.models import Kpi, Rating, RatingRound, RightOfReply
from ratings.reports.explanations import KpiLine, kpi_lines, readable_reasons


@dataclass
class RatedProgramme:
    """One rating on a provider's page, with its KPI lines and its movement."""

    rating: Rating
    lines: list[KpiLine]
    previous: Rating | None
    movement: stats.Movement
    reasons: list[str] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.rating.programme.name if self.rating.programme else "Overall rating"


@dataclass
class TrendRow:
    year: int
    scores: list[tuple[Decimal | None, str | None]]


@dataclass
class ProviderReport:
    provider: Organisation
    year: int | None
    years: list[int]
    round: RatingRound | None
    overall: RatedProgramme | None
    programmes: list[RatedProgramme]
    reply: RightOfReply | None
    trend_names: list[str]
    trend_rows: list[TrendRow]


def provider_report(
    ratings: QuerySet[Rating], provider: Organisation, year: int | None, *, strict: bool = False
) -> ProviderReport:
    """Everything the provider page, its PDF and its public page show, from ``ratings``
    (already narrowed to what the reader may see). A year with no ratings falls back to the
    latest, or with ``strict`` is not found."""
    every = list(ratings.filter(education_provider=provider).select_related("round", "programme"))
    years = sorted({r.round.academic_year for r in every}, reverse=True)
    if year is not None and year not in years and strict:
        raise Http404("No ratings for that year")
    if year not in years:
        year = years[0] if years else None
    kpis = {kpi.code: kpi for kpi in Kpi.objects.all()}
    by_key = {(r.round.academic_year, r.programme_id): r for r in every}
    chosen = [r for r in every if r.round.academic_year == year]
    rated = []
    for rating in sorted(chosen, key=lambda r: r.programme.name if r.programme else ""):
        previous = by_key.get((rating.round.academic_year - 1, rating.programme_id))
        rated.append(
            RatedProgramme(
                rating,
                kpi_lines(rating, kpis),
                previous,
                stats.movement(previous.band if previous else None, rating.band),
                readable_reasons(rating, kpis),
            )
        )
    overall = next((r for r in rated if r.rating.programme_id is None), None)
    round_ = chosen[0].round if chosen else None
    reply = (
        RightOfReply.objects.filter(round=round_, education_provider=provider).first()
        if round_
        else None
    )
    series_keys = ([None] if overall else []) + [
        r.rating.programme_id for r in rated if r.rating.programme_id is not None
    ]
    names = ["Overall"] if overall else []
    names += [r.name for r in rated if r.rating.programme_id is not None]
    trend_rows = []
    for trend_year in sorted(years):
        scores: list[tuple[Decimal | None, str | None]] = []
        for key in series_keys:
            found = by_key.get((trend_year, key))
            scores.append((found.score, found.band) if found else (None, None))
        trend_rows.append(TrendRow(trend_year, scores))
    return ProviderReport(
        provider=provider,
        year=year,
        years=years,
        round=round_,
        overall=overall,
        programmes=[r for r in rated if r.rating.programme_id is not None],
        reply=reply,
        trend_names=names,
        trend_rows=trend_rows,
    )

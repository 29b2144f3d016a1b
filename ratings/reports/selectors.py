"""Reads behind the ratings matrix, the provider and programme pages and the public pages.

Every read starts from ``ratings_visible_to(user)`` (or, for anonymous visitors,
``published_ratings()``), so a rating outside what the user may see is never fetched.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import NoReverseMatch, reverse
from markupsafe import Markup

from accounts.access import scope_for
from accounts.roles import OrganisationKind, Role
from organisations.models import Organisation
from programmes.models import Programme
from ratings.compute import stats
from ratings.models import (
    Computation,
    Kpi,
    KpiValue,
    Rating,
    RatingBand,
    RatingRound,
    RightOfReply,
    RoundStatus,
)
from ratings.permissions import can_view_ratings

# NHS tag colours per band; the band's name is always written in the tag too.
BAND_TAGS = {
    RatingBand.GREEN: "nhsuk-tag--green",
    RatingBand.HIGH_AMBER: "nhsuk-tag--yellow",
    RatingBand.LOW_AMBER: "nhsuk-tag--orange",
    RatingBand.RED: "nhsuk-tag--red",
    RatingBand.NOT_RATED: "nhsuk-tag--grey",
}
BAND_LABELS = dict(RatingBand.choices)
# An education provider lead sees its own draft ratings once the round reaches preview.
SHOWN_TO_PROVIDERS = (RoundStatus.PROVIDER_PREVIEW, RoundStatus.APPROVED, RoundStatus.PUBLISHED)
_PLACEHOLDER = 987654321


def band_tag(band: str | None) -> str:
    return BAND_TAGS.get(band or RatingBand.NOT_RATED, "nhsuk-tag--grey")  # type: ignore[call-overload]


def band_label(band: str | None) -> str:
    return BAND_LABELS.get(band or RatingBand.NOT_RATED, "Not rated")


def band_tags_html() -> dict[str, Markup]:
    """Each band's labelled tag, as the ``band`` macro draws it, made once per page for
    tables with thousands of tags (a macro call per cell was most of their rendering)."""
    return {
        str(key): Markup('<strong class="nhsuk-tag {}">{}</strong>').format(
            band_tag(key), band_label(key)
        )
        for key in RatingBand.values
    }


def rating_url_maker() -> Any:
    """A function from a rating's id to its explanation page, or to None while that page does
    not exist. It reverses once, so a matrix of thousands of cells stays cheap."""
    try:
        pattern = reverse("ratings:rating", args=[_PLACEHOLDER])
    except NoReverseMatch:
        return lambda pk: None
    before, _, after = pattern.partition(str(_PLACEHOLDER))
    return lambda pk: f"{before}{pk}{after}"


def ratings_visible_to(user: Any) -> QuerySet[Rating]:
    """Current ratings the user may read: all for administrators, their region's for regional
    roles, their own provider's (from provider preview on) for provider leads."""
    current = Rating.objects.filter(is_current=True)
    if not can_view_ratings(user):
        return current.none()
    scope = scope_for(user)
    if scope.is_national:
        return current
    own = [org for org, roles in scope.roles_by_organisation.items() if Role.EP_LEAD in roles]
    allowed = Q(education_provider__region_id__in=scope.region_ids) | Q(
        education_provider_id__in=own, round__status__in=SHOWN_TO_PROVIDERS
    )
    return current.filter(allowed)


def published_ratings() -> QuerySet[Rating]:
    """What anyone, signed in or not, may read: current ratings of published rounds."""
    return Rating.objects.filter(is_current=True, round__status=RoundStatus.PUBLISHED)


def rating_years() -> list[int]:
    return list(RatingRound.objects.values_list("academic_year", flat=True))


def provider_get(user: Any, pk: int) -> Organisation:
    """An education provider the user may see, or 404."""
    return get_object_or_404(
        Organisation.objects.visible_to(user)
        .filter(kind=OrganisationKind.EDUCATION_PROVIDER)
        .select_related("region"),
        pk=pk,
    )


def programme_get(pk: int) -> Programme:
    return get_object_or_404(Programme.objects.select_related("profession"), pk=pk)


# The matrix -------------------------------------------------------------------------------


@dataclass(frozen=True)
class MatrixFilters:
    year: int
    region: str = ""
    group: str = ""
    band: str = ""


@dataclass(frozen=True, slots=True)
class MatrixProvider:
    pk: int
    name: str
    ukprn: str | None
    region: str


@dataclass(frozen=True, slots=True)
class MatrixCell:
    pk: int
    band: str


@dataclass(slots=True)
class MatrixRow:
    provider: MatrixProvider
    overall: MatrixCell | None = None
    by_programme: dict[int, MatrixCell] = field(default_factory=dict)
    cells: list[MatrixCell | None] = field(default_factory=list)


@dataclass
class Matrix:
    programmes: list[Programme]
    rows: list[MatrixRow]
    counts: dict[str, int]
    overall_counts: dict[str, int]


def ratings_matrix(user: Any, filters: MatrixFilters) -> Matrix:
    """Providers by programmes for one year. With a band filter only the ratings in that band
    are kept, and providers and programmes with none drop out.

    Thousands of cells are read as plain tuples rather than model instances: building a
    model per rating and per related row took most of the page's time at national scale."""
    ratings = ratings_visible_to(user).filter(round__academic_year=filters.year)
    if filters.region:
        ratings = ratings.filter(education_provider__region__code=filters.region)
    if filters.group:
        ratings = ratings.filter(
            Q(programme__profession__group=filters.group) | Q(programme__isnull=True)
        )
    if filters.band:
        ratings = ratings.filter(band=filters.band)
    rows: dict[int, MatrixRow] = {}
    for pk, band, programme_id, provider_id, name, ukprn, region in ratings.order_by().values_list(
        "pk",
        "band",
        "programme_id",
        "education_provider_id",
        "education_provider__name",
        "education_provider__ukprn",
        "education_provider__region__name",
    ):
        row = rows.get(provider_id)
        if row is None:
            row = rows[provider_id] = MatrixRow(
                MatrixProvider(provider_id, name, ukprn, region or "")
            )
        if programme_id is None:
            row.overall = MatrixCell(pk, band)
        else:
            row.by_programme[programme_id] = MatrixCell(pk, band)
    if filters.group:
        # Overall ratings came along for their providers; drop providers with nothing else.
        rows = {pk: row for pk, row in rows.items() if row.by_programme}
    programme_ids = {pid for row in rows.values() for pid in row.by_programme}
    columns = sorted(
        Programme.objects.filter(pk__in=programme_ids).select_related("profession"),
        key=lambda p: (p.profession.group, p.profession.name, p.name),
    )
    ordered = sorted(rows.values(), key=lambda r: (r.provider.name.lower(), r.provider.pk))
    for row in ordered:
        row.cells = [row.by_programme.get(p.pk) for p in columns]
    cells = [c.band for row in ordered for c in row.by_programme.values()]
    overall = [row.overall.band for row in ordered if row.overall is not None]
    return Matrix(columns, ordered, stats.band_counts(cells), stats.band_counts(overall))


# A provider's page ------------------------------------------------------------------------


@dataclass(frozen=True)
class KpiLine:
    """One KPI of a rating's explanation, with the KPI's name and unit."""

    code: str
    name: str
    unit: str
    value: str | None
    target: str | None
    band: str | None
    status: str
    weight: str | None
    critical: bool

    @property
    def status_label(self) -> str:
        return {"scored": "Scored", "suppressed": "Suppressed (small numbers)"}.get(
            self.status, "No data"
        )

    @property
    def withheld(self) -> bool:
        """Counted over too few learners: outside the signed-in team neither its value nor
        its band is shown, so no one can work out who the few learners are."""
        return self.status == "suppressed"


def kpi_lines(rating: Rating, kpis: dict[str, Kpi]) -> list[KpiLine]:
    lines = []
    for line in (rating.explanation or {}).get("lines", []):
        kpi = kpis.get(line.get("code", ""))
        lines.append(
            KpiLine(
                code=line.get("code", ""),
                name=kpi.name if kpi else line.get("code", ""),
                unit=kpi.unit if kpi else "",
                value=_short(line.get("value")),
                target=_short(line.get("target")),
                band=line.get("band"),
                status=line.get("status", "missing"),
                weight=_short(line.get("weight")),
                critical=bool(line.get("critical")),
            )
        )
    return lines


def _short(number: Any) -> str | None:
    if number is None:
        return None
    try:
        value = Decimal(str(number))
    except ArithmeticError:
        return str(number)
    return f"{value.normalize():f}" if value == value.to_integral() else f"{value:.1f}"


def readable_reasons(rating: Rating, kpis: dict[str, Kpi]) -> list[str]:
    """The rating's stored reasons with each KPI code replaced by the KPI's name, so a reader
    sees "Actions completed", not "ACTN"."""
    reasons = (rating.explanation or {}).get("reasons", [])
    if not reasons:
        return []
    codes = re.compile(r"\b(" + "|".join(re.escape(code) for code in sorted(kpis)) + r")\b")
    return [codes.sub(lambda m: kpis[m.group(1)].name, reason) for reason in reasons]


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


# A programme's page ------------------------------------------------------------------------


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
    user: Any, programme: Programme, year: int, kpi_code: str | None
) -> ProgrammeReport:
    """Every visible provider's rating for the programme, benchmarked: rank within the
    profession, regional average, movement since last year, band counts and a funnel."""
    visible = ratings_visible_to(user).filter(programme__profession_id=programme.profession_id)
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
    # The programme's own ratings this year, in full with their explanations.
    rows_here = list(
        visible.filter(round__academic_year=year, programme=programme).select_related(
            "round", "education_provider__region"
        )
    )

    def region_of(rating: Rating) -> str:
        region = rating.education_provider.region
        return region.name if region else "No region"

    averages = stats.group_means((region_of(r), r.score) for r in rows_here)
    kpis = {kpi.code: kpi for kpi in Kpi.objects.all()}
    rows = []
    for rating in sorted(rows_here, key=lambda r: r.education_provider.name.lower()):
        previous = before.get(rating.education_provider_id)
        rows.append(
            BenchmarkRow(
                rating=rating,
                rank=ranks.get(rating.pk),
                of=ranked,
                region_average=averages.get(region_of(rating)),
                previous=previous,
                movement=stats.movement(previous.band if previous else None, rating.band),
                lines=kpi_lines(rating, kpis),
            )
        )
    rows.sort(key=lambda row: (row.rank is None, row.rank or 0, row.rating.education_provider.name))
    region_counts: dict[str, int] = defaultdict(int)
    for rating in rows_here:
        region_counts[region_of(rating)] += 1
    kpi_choices = [k for k in kpis.values() if k.computation == Computation.RATIO]
    kpi = next((k for k in kpi_choices if k.code == kpi_code), None) or (
        kpi_choices[0] if kpi_choices else None
    )
    points: list[tuple[str, float, float]] = []
    if kpi is not None:
        names = {r.education_provider_id: r.education_provider.name for r in rows_here}
        values = KpiValue.objects.filter(
            programme=programme,
            academic_year=year,
            kpi=kpi,
            education_provider_id__in=list(names),
            numerator__isnull=False,
            denominator__gt=0,
        ).values_list("education_provider_id", "numerator", "denominator")
        points = [(names[pk], float(n or 0), float(d or 0)) for pk, n, d in values]
    plot = stats.funnel(sorted(points))
    columns: dict[str, str] = {}
    for row in rows:
        for line in row.lines:
            columns.setdefault(line.code, line.name)
    for row in rows:
        by_code = {line.code: line for line in row.lines}
        row.cells = [by_code.get(code) for code in columns]
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
        kpi_columns=list(columns.items()),
    )


# Public pages ------------------------------------------------------------------------------


def published_round(year: int | None) -> RatingRound | None:
    """The published round of ``year`` (404 if that year is not published), or the latest."""
    rounds = RatingRound.objects.filter(status=RoundStatus.PUBLISHED)
    if year is None:
        return rounds.order_by("-academic_year").first()
    return get_object_or_404(rounds, academic_year=year)


def published_years() -> list[int]:
    return list(
        RatingRound.objects.filter(status=RoundStatus.PUBLISHED)
        .order_by("-academic_year")
        .values_list("academic_year", flat=True)
    )


@dataclass
class PublicRow:
    provider: Organisation
    overall: Rating | None = None
    programmes: list[Rating] = field(default_factory=list)


def public_rows(round_: RatingRound) -> list[PublicRow]:
    rows: dict[int, PublicRow] = {}
    ratings = (
        published_ratings()
        .filter(round=round_)
        .select_related("education_provider__region", "programme")
        .defer("explanation")
    )
    for rating in ratings:
        row = rows.setdefault(rating.education_provider_id, PublicRow(rating.education_provider))
        if rating.programme_id is None:
            row.overall = rating
        else:
            row.programmes.append(rating)
    return sorted(rows.values(), key=lambda r: r.provider.name.lower())


def public_provider_get(pk: int) -> Organisation:
    """An education provider with at least one published rating, or 404."""
    return get_object_or_404(
        Organisation.objects.filter(
            kind=OrganisationKind.EDUCATION_PROVIDER, ratings__in=published_ratings()
        )
        .distinct()
        .select_related("region"),
        pk=pk,
    )

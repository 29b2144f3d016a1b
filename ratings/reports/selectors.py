"""Reads behind the ratings matrix and the public pages, and what every report reads through:
who sees which ratings, and how bands are shown. The provider and programme pages are built
in ``provider_report`` and ``programme_report``.

Every read starts from ``ratings_visible_to(user)`` (or, for anonymous visitors,
``published_ratings()``), so a rating outside what the user may see is never fetched.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import NoReverseMatch, reverse
from markupsafe import Markup

from core import academic_year
from core.formatting import and_list
from organisations.kinds import OrganisationKind
from organisations.models import Organisation
from programmes.models import Programme
from ratings.compute import stats
from ratings.models import Methodology, Rating, RatingBand, RatingRound, RoundStatus

if TYPE_CHECKING:
    from accounts.models import Viewer

# NHS tag colours per band; the band's name is always written in the tag too.
BAND_TAGS: dict[str, str] = {
    RatingBand.GREEN: "nhsuk-tag--green",
    RatingBand.HIGH_AMBER: "nhsuk-tag--yellow",
    RatingBand.LOW_AMBER: "nhsuk-tag--orange",
    RatingBand.RED: "nhsuk-tag--red",
    RatingBand.NOT_RATED: "nhsuk-tag--grey",
}
BAND_LABELS = dict(RatingBand.choices)
# An education provider lead sees its own draft ratings once the round reaches preview.
_PLACEHOLDER = 987654321


def band_tag(band: str | None) -> str:
    return BAND_TAGS.get(band or RatingBand.NOT_RATED, "nhsuk-tag--grey")


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


def rating_url_maker() -> Callable[[int], str | None]:
    """A function from a rating's id to its explanation page, or to None while that page does
    not exist. It reverses once, so a matrix of thousands of cells stays cheap."""
    try:
        pattern = reverse("ratings:rating", args=[_PLACEHOLDER])
    except NoReverseMatch:
        return lambda pk: None
    before, _, after = pattern.partition(str(_PLACEHOLDER))
    return lambda pk: f"{before}{pk}{after}"


def ratings_visible_to(user: Viewer) -> QuerySet[Rating]:
    """Current ratings the user may read (``Rating.objects.visible_to``): all for
    administrators, their region's for regional roles, their own provider's (from provider
    preview on) for provider leads."""
    return Rating.objects.filter(is_current=True).visible_to(user)


def published_ratings() -> QuerySet[Rating]:
    """What anyone, signed in or not, may read: current ratings of published rounds."""
    return Rating.objects.filter(is_current=True, round__status=RoundStatus.PUBLISHED)


def rating_years() -> list[int]:
    """The academic years with ratings (a round in any region), newest first."""
    return list(
        RatingRound.objects.order_by("-academic_year")
        .values_list("academic_year", flat=True)
        .distinct()
    )


def provider_get(user: Viewer, pk: int) -> Organisation:
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


def ratings_matrix(user: Viewer, filters: MatrixFilters) -> Matrix:
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


# Public pages ------------------------------------------------------------------------------


@dataclass
class PublishedYear:
    """One academic year on the public page: its rating scheme (the methodology), the regions
    the scheme covers, their rounds published so far and the programmes those rate."""

    year: int
    methodology: Methodology
    rounds: list[RatingRound]
    covered: list[str]
    programmes: list[Programme]

    @property
    def year_label(self) -> str:
        return academic_year.label(self.year)

    @property
    def covered_text(self) -> str:
        return and_list(self.covered) or "None"

    @property
    def waiting(self) -> list[str]:
        """The regions the scheme covers whose ratings are not published yet."""
        published = {round_.region.name for round_ in self.rounds}
        return [name for name in self.covered if name not in published]


def published_year(year: int | None) -> PublishedYear | None:
    """The published rounds of ``year`` (404 if none is published), or of the latest year
    with one; None when nothing is published yet."""
    rounds = RatingRound.objects.filter(status=RoundStatus.PUBLISHED)
    if year is None:
        year = rounds.order_by("-academic_year").values_list("academic_year", flat=True).first()
        if year is None:
            return None
    chosen = list(
        rounds.filter(academic_year=year)
        .select_related("region", "methodology")
        .order_by("region__name")
    )
    if not chosen:
        raise Http404("No ratings are published for that year")
    methodology = chosen[0].methodology
    programmes = (
        Programme.objects.filter(
            pk__in=published_ratings().filter(round__in=chosen).values("programme_id")
        )
        .select_related("profession")
        .order_by("profession__group", "name")
    )
    return PublishedYear(
        year=year,
        methodology=methodology,
        rounds=chosen,
        covered=list(methodology.regions.order_by("name").values_list("name", flat=True)),
        programmes=list(programmes),
    )


def published_years() -> list[int]:
    return list(
        RatingRound.objects.filter(status=RoundStatus.PUBLISHED)
        .order_by("-academic_year")
        .values_list("academic_year", flat=True)
        .distinct()
    )


@dataclass
class PublicRow:
    provider: Organisation
    overall: Rating | None = None
    programmes: list[Rating] = field(default_factory=list)


def public_rows(rounds: list[RatingRound]) -> list[PublicRow]:
    rows: dict[int, PublicRow] = {}
    ratings = (
        published_ratings()
        .filter(round__in=rounds)
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


def public_providers() -> QuerySet[Organisation]:
    """Education providers with at least one published rating: the providers anyone may read
    about (the public pages and the open API)."""
    return Organisation.objects.filter(
        kind=OrganisationKind.EDUCATION_PROVIDER,
        pk__in=published_ratings().values("education_provider_id"),
    ).select_related("region")


def public_programmes() -> QuerySet[Programme]:
    """Programmes with at least one published rating."""
    return Programme.objects.filter(
        pk__in=published_ratings().values("programme_id")
    ).select_related("profession")


def public_provider_get(pk: int) -> Organisation:
    """An education provider with at least one published rating, or 404."""
    return get_object_or_404(public_providers(), pk=pk)

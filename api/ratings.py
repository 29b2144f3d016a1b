"""The ratings part of the API: published rounds and ratings with their KPI lines."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from ninja import P, PathEx, QueryEx, Router

from api import cursor, presenters, selectors
from api.schemas import RatingOut, RatingPage, RoundOut
from core import academic_year

router = Router(tags=["Ratings"])

YEAR_HELP = 'Academic year, written "2025/26" (or its first year, "2025")'


@router.get("/rounds", response=list[RoundOut], url_name="rounds", summary="Published years")
def rounds(request: HttpRequest) -> list[RoundOut]:
    """Each academic year whose ratings are published, newest first."""
    base = request.build_absolute_uri(reverse("api_v1:ratings"))
    return [
        RoundOut(
            academic_year=academic_year.label(round_.academic_year),
            published_at=round_.published_at.isoformat() if round_.published_at else None,
            ratings=f"{base}?year={academic_year.label(round_.academic_year)}",
        )
        for round_ in selectors.published_rounds()
    ]


@router.get("/ratings", response=RatingPage, url_name="ratings", summary="Published ratings")
def ratings(
    request: HttpRequest,
    year: QueryEx[str | None, P(description=YEAR_HELP, max_length=16)] = None,
    region: QueryEx[str | None, P(description="Region code", max_length=16)] = None,
    provider: QueryEx[str | None, P(description="The provider's UKPRN", max_length=8)] = None,
    programme: QueryEx[
        str | None,
        P(description='A programme code, or "overall" for overall ratings', max_length=32),
    ] = None,
    cursor_: QueryEx[
        str | None, P(alias="cursor", description="The previous page's cursor", max_length=64)
    ] = None,
) -> RatingPage:
    """The current revision of every published rating, 100 a page in a stable order, each
    with its KPI lines as the public pages show them."""
    filters = selectors.RatingFilters(
        year=selectors.year_param(year),
        region=region or "",
        provider=provider or "",
        programme=programme or "",
    )
    found = cursor.page(request, selectors.ratings(filters), cursor_)
    kpis = selectors.kpis()
    links = presenters.Links(request)
    return RatingPage(
        next=found.next, results=[presenters.rating(links, row, kpis) for row in found.rows]
    )


@router.get(
    "/ratings/{rating_id}", response=RatingOut, url_name="rating", summary="One published rating"
)
def rating(
    request: HttpRequest,
    rating_id: PathEx[int, P(ge=1, le=selectors.MAX_ID)],
) -> RatingOut:
    """A published rating by its id (404 for a rating that is not published, or no longer
    the current revision)."""
    found = selectors.rating_get(rating_id)
    return presenters.rating(presenters.Links(request), found, selectors.kpis())

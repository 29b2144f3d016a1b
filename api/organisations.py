"""The register part of the API: the education providers and programmes that published
ratings concern, and nothing else of the register."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from ninja import P, PathEx, QueryEx, Router

from api import cursor, presenters, selectors
from api.schemas import (
    OrganisationDetailOut,
    OrganisationPage,
    ProgrammeOut,
    ProgrammePage,
    ReplyOut,
)
from core import academic_year

router = Router(tags=["Register"])

CURSOR = P(alias="cursor", description="The previous page's cursor", max_length=64)


@router.get(
    "/organisations",
    response=OrganisationPage,
    url_name="organisations",
    summary="Education providers with published ratings",
)
def organisations(
    request: HttpRequest,
    region: QueryEx[str | None, P(description="Region code", max_length=16)] = None,
    cursor_: QueryEx[str | None, CURSOR] = None,
) -> OrganisationPage:
    """Every education provider with at least one published rating, 100 a page."""
    found = cursor.page(request, selectors.organisations(region or ""), cursor_)
    links = presenters.Links(request)
    return OrganisationPage(
        next=found.next, results=[presenters.organisation(links, row) for row in found.rows]
    )


@router.get(
    "/organisations/{ukprn}",
    response=OrganisationDetailOut,
    url_name="organisation",
    summary="One education provider",
)
def organisation(
    request: HttpRequest, ukprn: PathEx[str, P(description="UKPRN", max_length=8)]
) -> OrganisationDetailOut:
    """An education provider by its UKPRN, with its published replies to its ratings."""
    item = selectors.organisation_get(ukprn)
    base = presenters.organisation(presenters.Links(request), item)
    ratings = request.build_absolute_uri(reverse("api_v1:ratings"))
    return OrganisationDetailOut(
        **base.model_dump(),
        replies=[
            ReplyOut(academic_year=academic_year.label(reply.round.academic_year), text=reply.text)
            for reply in selectors.replies(item)
        ],
        ratings=f"{ratings}?provider={item.ukprn}",
    )


@router.get(
    "/programmes",
    response=ProgrammePage,
    url_name="programmes",
    summary="Programmes with published ratings",
)
def programmes(request: HttpRequest, cursor_: QueryEx[str | None, CURSOR] = None) -> ProgrammePage:
    """Every programme with at least one published rating, 100 a page."""
    found = cursor.page(request, selectors.programmes(), cursor_)
    links = presenters.Links(request)
    return ProgrammePage(
        next=found.next, results=[presenters.programme(links, row) for row in found.rows]
    )


@router.get(
    "/programmes/{code}", response=ProgrammeOut, url_name="programme", summary="One programme"
)
def programme(
    request: HttpRequest, code: PathEx[str, P(description="Programme code", max_length=32)]
) -> ProgrammeOut:
    return presenters.programme(presenters.Links(request), selectors.programme_get(code))

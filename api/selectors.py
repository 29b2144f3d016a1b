"""What the API reads: only what is published, through the selectors the public pages use
(``published_ratings``, ``public_providers``, ``published_reports``)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import Http404

from api.errors import bad_parameter
from assessments.models import NationalReport
from assessments.report.selectors import published_report, published_reports
from core import academic_year
from organisations.models import Organisation
from programmes.models import Programme
from ratings.models import Kpi, Rating, RatingRound, RightOfReply, RoundStatus
from ratings.reports import selectors as ratings_selectors

# Ids and years beyond these are no record of ours; refusing them early keeps an absurd
# number away from the database (SQLite cannot hold integers past 2**63).
MAX_ID = 2**31 - 1


def year_param(text: str | None) -> int | None:
    """The ``year`` filter, written "2025/26" (or "2025"), as the pages take it."""
    text = (text or "").strip()
    if not text:
        return None
    if text.isdigit() and len(text) == 4:
        start = int(text)
        if academic_year.EARLIEST <= start <= academic_year.LATEST:
            return start
    try:
        return academic_year.parse(text)
    except ValueError as error:
        raise bad_parameter("year", str(error)) from None


@dataclass(frozen=True)
class RatingFilters:
    year: int | None = None
    region: str = ""
    provider: str = ""
    programme: str = ""


def ratings(filters: RatingFilters) -> QuerySet[Rating]:
    """Published current ratings, narrowed by the filters, with everything a rating shows."""
    rows = ratings_selectors.published_ratings().select_related(
        "round", "education_provider__region", "programme"
    )
    if filters.year is not None:
        rows = rows.filter(round__academic_year=filters.year)
    if filters.region:
        rows = rows.filter(education_provider__region__code=filters.region)
    if filters.provider:
        rows = rows.filter(education_provider__ukprn=filters.provider)
    if filters.programme == "overall":
        rows = rows.filter(programme__isnull=True)
    elif filters.programme:
        rows = rows.filter(programme__code=filters.programme)
    return rows


def rating_get(pk: int) -> Rating:
    found = ratings(RatingFilters()).filter(pk=pk).first() if pk <= MAX_ID else None
    if found is None:
        raise Http404("No published rating has that id")
    return found


def kpis() -> dict[str, Kpi]:
    return {kpi.code: kpi for kpi in Kpi.objects.all()}


def published_rounds() -> QuerySet[RatingRound]:
    return RatingRound.objects.filter(status=RoundStatus.PUBLISHED).order_by("-academic_year")


def organisations(region: str = "") -> QuerySet[Organisation]:
    rows = ratings_selectors.public_providers()
    return rows.filter(region__code=region) if region else rows


def organisation_get(ukprn: str) -> Organisation:
    found = ratings_selectors.public_providers().filter(ukprn=ukprn).first()
    if found is None:
        raise Http404("No education provider with published ratings has that UKPRN")
    return found


def replies(provider: Organisation) -> QuerySet[RightOfReply]:
    """The provider's replies to its published rounds' ratings, newest year first."""
    return (
        RightOfReply.objects.filter(education_provider=provider, round__in=published_rounds())
        .select_related("round")
        .order_by("-round__academic_year")
    )


def programmes() -> QuerySet[Programme]:
    return ratings_selectors.public_programmes()


def programme_get(code: str) -> Programme:
    found = programmes().filter(code=code).first()
    if found is None:
        raise Http404("No programme with published ratings has that code")
    return found


def reports() -> QuerySet[NationalReport]:
    return published_reports()


def report_get(year: int) -> NationalReport:
    if not academic_year.EARLIEST <= year <= academic_year.LATEST:
        raise Http404("No published report for that year")
    return published_report(year)

"""Records as the API shows them. The published figures come from the same presenters as the
public pages (``kpi_lines``, ``readable_reasons``, ``KpiLine.withheld``), so the rules for
what is shown, rounded and withheld live in one place."""

from __future__ import annotations

from decimal import Decimal

from django.http import HttpRequest
from django.urls import reverse

from api.schemas import (
    KpiLineOut,
    OrganisationOut,
    ProfessionOut,
    ProgrammeOut,
    RatingOut,
    RatingProgrammeOut,
    RatingProviderOut,
    RegionOut,
)
from core import academic_year
from organisations.models import Organisation, Region
from programmes.models import Programme
from ratings.models import Kpi, Rating
from ratings.reports import selectors
from ratings.reports.explanations import KpiLine, kpi_lines, readable_reasons

WITHHELD = "Not shown: too few learners"


class Links:
    """Absolute addresses of the API's records for one request. Each URL pattern is reversed
    once and filled in per record: a page of 100 ratings links 200 times."""

    _PLACEHOLDER = "987654321"

    def __init__(self, request: HttpRequest) -> None:
        self._origin = request.build_absolute_uri("/").removesuffix("/")
        self._patterns: dict[str, str] = {}

    def __call__(self, name: str, key: object) -> str:
        pattern = self._patterns.get(name)
        if pattern is None:
            pattern = reverse(f"api_v1:{name}", args=[self._PLACEHOLDER])
            self._patterns[name] = pattern
        return self._origin + pattern.replace(self._PLACEHOLDER, str(key))


def _number(text: str | None) -> float | None:
    return None if text is None else float(Decimal(text))


def region(item: Region | None) -> RegionOut | None:
    return RegionOut(code=item.code, name=item.name) if item else None


def organisation(links: Links, item: Organisation) -> OrganisationOut:
    return OrganisationOut(
        ukprn=item.ukprn or "",
        ods_code=item.ods_code,
        name=item.name,
        region=region(item.region),
        status=item.status,
        url=links("organisation", item.ukprn),
    )


def programme(links: Links, item: Programme) -> ProgrammeOut:
    return ProgrammeOut(
        code=item.code,
        name=item.name,
        profession=ProfessionOut(
            code=item.profession.code, name=item.profession.name, group=item.profession.group
        ),
        url=links("programme", item.code),
    )


def kpi_line(line: KpiLine) -> KpiLineOut:
    """One KPI line; a withheld one without its value and band, as on the public page."""
    withheld = line.withheld
    return KpiLineOut(
        code=line.code,
        name=line.name,
        unit=line.unit,
        value=None if withheld else _number(line.value),
        target=_number(line.target),
        band=None if withheld else line.band,
        status=line.status,
        status_label=line.status_label,
        weight=_number(line.weight),
        critical=line.critical,
        withheld_reason=WITHHELD if withheld else None,
    )


def rating(links: Links, item: Rating, kpis: dict[str, Kpi]) -> RatingOut:
    """A published rating with its KPI lines and reasons (the rating's provider, region,
    programme and round are expected to be fetched with it)."""
    provider = item.education_provider
    published = item.round.published_at
    return RatingOut(
        id=item.pk,
        academic_year=academic_year.label(item.round.academic_year),
        provider=RatingProviderOut(
            ukprn=provider.ukprn or "",
            name=provider.name,
            region=region(provider.region),
            url=links("organisation", provider.ukprn),
        ),
        programme=(
            RatingProgrammeOut(code=item.programme.code, name=item.programme.name)
            if item.programme
            else None
        ),
        band=item.band,
        band_label=selectors.band_label(item.band),
        score=None if item.score is None else float(item.score),
        revision=item.revision,
        correction_note=item.correction_note,
        published_at=published.isoformat() if published else None,
        reasons=readable_reasons(item, kpis),
        kpis=[kpi_line(line) for line in kpi_lines(item, kpis)],
        url=links("rating", item.pk),
    )

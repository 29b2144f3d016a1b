"""The public pages' tables as rows for CSV and Excel: what the page shows, nothing more. A
KPI counted over too few learners shows neither its value nor its band here either."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from core import academic_year
from ratings.reports.explanations import KpiLine
from ratings.reports.provider_report import ProviderReport
from ratings.reports.selectors import PublicRow, band_label

WITHHELD = "Not shown: too few learners"

RATINGS_HEADERS = [
    "Academic year",
    "Education provider",
    "UKPRN",
    "Region",
    "Programme",
    "Rating",
    "Score",
]


def ratings_rows(year_label: str, rows: list[PublicRow]) -> Iterator[list[Any]]:
    """One row per published rating: the overall rating first, then each programme's."""
    for row in rows:
        provider = row.provider
        ratings = ([row.overall] if row.overall else []) + row.programmes
        for rating in ratings:
            yield [
                year_label,
                provider.name,
                provider.ukprn or "",
                provider.region.name if provider.region else "",
                rating.programme.name if rating.programme else "Overall rating",
                band_label(rating.band),
                rating.score if rating.score is not None else "",
            ]


KPI_HEADERS = [
    "Academic year",
    "Programme",
    "Rating",
    "KPI",
    "Critical",
    "Value",
    "Target",
    "Unit",
    "KPI band",
    "How it counted",
]


def _kpi_cells(line: KpiLine) -> list[Any]:
    if line.withheld:
        value, band = WITHHELD, ""
    else:
        value, band = line.value or "", band_label(line.band) if line.band else ""
    return [
        line.name,
        "Yes" if line.critical else "No",
        value,
        line.target or "",
        line.unit,
        band,
        line.status_label,
    ]


def provider_rows(report: ProviderReport) -> Iterator[list[Any]]:
    """Each rating of the year shown, with one row per KPI behind it (or one row alone)."""
    year = academic_year.label(report.year) if report.year else ""
    for item in ([report.overall] if report.overall else []) + report.programmes:
        start = [year, item.name, band_label(item.rating.band)]
        if not item.lines:
            yield start + [""] * (len(KPI_HEADERS) - len(start))
        for line in item.lines:
            yield start + _kpi_cells(line)


def trend_headers(report: ProviderReport) -> list[str]:
    return [
        "Academic year",
        *(f"{name} {part}" for name in report.trend_names for part in ("score", "rating")),
    ]


def trend_rows(report: ProviderReport) -> Iterator[list[Any]]:
    for row in report.trend_rows:
        cells: list[Any] = [academic_year.label(row.year)]
        for score, band in row.scores:
            cells += ["" if score is None else score, band_label(band) if band else "No rating"]
        yield cells

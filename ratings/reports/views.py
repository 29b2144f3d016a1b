"""The ratings matrix, provider and programme pages, the provider PDF and the public pages."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils.text import slugify
from markupsafe import Markup

from accounts.http import SignedInRequest
from core import academic_year, pdf
from core.exports import EXPORT_FORMATS, table_download
from core.http import require
from ratings.compute import stats
from ratings.models import RatingBand
from ratings.permissions import can_view_ratings
from ratings.reports import charts, public_downloads, selectors
from ratings.reports.forms import MatrixFilterForm
from ratings.reports.programme_report import programme_report
from ratings.reports.provider_report import ProviderReport, provider_report

BANDS = [
    RatingBand.GREEN,
    RatingBand.HIGH_AMBER,
    RatingBand.LOW_AMBER,
    RatingBand.RED,
    RatingBand.NOT_RATED,
]


def _year(request: HttpRequest) -> int | None:
    """The ``year`` query parameter as "2025" or "2025/26"; None when absent or unreadable."""
    text = request.GET.get("year", "").strip()
    if not text:
        return None
    if text.isdigit():
        return int(text)
    try:
        return academic_year.parse(text)
    except ValueError:
        return None


def _helpers() -> dict[str, Any]:
    return {
        "band_tag": selectors.band_tag,
        "band_label": selectors.band_label,
        "band_tags": {key: selectors.band_tag(key) for key in BANDS},
        "band_labels": {key: selectors.band_label(key) for key in BANDS},
        "band_html": selectors.band_tags_html(),
        "rating_url": selectors.rating_url_maker(),
        "year_label": academic_year.label,
    }


@require(can_view_ratings)
def matrix(request: SignedInRequest) -> HttpResponseBase:
    years = selectors.rating_years()
    form = MatrixFilterForm(request.GET or None, years=years)
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    year = data.get("year") or (years[0] if years else None)
    table = None
    if year is not None:
        filters = selectors.MatrixFilters(
            year=year,
            region=data.get("region") or "",
            group=data.get("group") or "",
            band=data.get("band") or "",
        )
        table = selectors.ratings_matrix(request.user, filters)
        export_format = request.GET.get("format")
        if export_format in EXPORT_FORMATS:
            headers = ["Education provider", "UKPRN", "Region", "Overall rating"]
            headers += [p.name for p in table.programmes]
            rows = (
                [
                    row.provider.name,
                    row.provider.ukprn or "",
                    row.provider.region,
                    selectors.band_label(row.overall.band) if row.overall else "",
                    *(selectors.band_label(c.band) if c else "" for c in row.cells),
                ]
                for row in table.rows
            )
            return table_download(export_format, f"ratings-{year}", headers, rows)
    query = request.GET.copy()
    query.pop("format", None)
    return render(
        request,
        "ratings/reports/reports_matrix.html",
        {
            "page_title": "Ratings matrix",
            "form": form,
            "year": year,
            "matrix": table,
            "bands": BANDS,
            "query": query.urlencode(),
            "page_error": form.is_bound and not form.is_valid(),
            **_helpers(),
        },
    )


def _provider_context(request: HttpRequest, pk: int) -> dict[str, Any]:
    provider = selectors.provider_get(request.user, pk)
    report = provider_report(selectors.ratings_visible_to(request.user), provider, _year(request))
    return {
        "page_title": f"Ratings of {provider.name}",
        "report": report,
        "trend_svg": _trend_svg(report),
        **_helpers(),
    }


def _trend_svg(report: ProviderReport) -> Markup:
    years = [row.year for row in report.trend_rows]
    series = [
        charts.Series(
            name,
            {row.year: _float(row.scores[i][0]) for row in report.trend_rows},
        )
        for i, name in enumerate(report.trend_names)
    ]
    return charts.trend_chart(
        "trend", f"Scores of {report.provider.name} by academic year", years, series
    )


def _float(value: Any) -> float | None:
    return None if value is None else float(value)


@require(can_view_ratings)
def provider(request: SignedInRequest, pk: int) -> HttpResponse:
    return render(request, "ratings/reports/reports_provider.html", _provider_context(request, pk))


@require(can_view_ratings)
def provider_pdf(request: SignedInRequest, pk: int) -> HttpResponse:
    context = _provider_context(request, pk)
    report = context["report"]
    document = pdf.report_pdf("ratings/reports/pdf_provider.html", context)
    response = HttpResponse(document, content_type="application/pdf")
    year = report.year or "none"
    name = f"ratings-{slugify(report.provider.name)}-{year}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require(can_view_ratings)
def programme(request: SignedInRequest, pk: int) -> HttpResponse:
    item = selectors.programme_get(pk)
    years = selectors.rating_years()
    year = _year(request)
    if year not in years:
        year = years[0] if years else None
    report = None
    svgs: dict[str, Any] = {}
    if year is not None:
        report = programme_report(request.user, item, year, request.GET.get("kpi"))
        svgs["bands"] = charts.band_bar_chart(
            "bands",
            f"Ratings of {item.name} in {academic_year.label(year)} by band",
            [(key, selectors.band_label(key), count) for key, count in report.counts.items()],
        )
        if report.kpi is not None:
            svgs["funnel"] = charts.funnel_plot(
                "funnel",
                f"{report.kpi.name}: funnel plot for {academic_year.label(year)}",
                report.funnel,
                measure=report.kpi.name,
            )
    return render(
        request,
        "ratings/reports/reports_programme.html",
        {
            "page_title": f"Ratings of {item.name}",
            "programme": item,
            "years": years,
            "year": year,
            "report": report,
            "svgs": svgs,
            "positions": stats.Position,
            **_helpers(),
        },
    )


# Public pages: no sign-in, published rounds only ------------------------------------------------


def public(request: HttpRequest) -> HttpResponseBase:
    published = selectors.published_year(_year(request) if "year" in request.GET else None)
    rows = selectors.public_rows(published.rounds) if published else []
    export_format = request.GET.get("format")
    if published is not None and export_format in EXPORT_FORMATS:
        return table_download(
            export_format,
            f"published-ratings-{published.year}",
            public_downloads.RATINGS_HEADERS,
            public_downloads.ratings_rows(published.year_label, rows),
        )
    return render(
        request,
        "ratings/reports/public_index.html",
        {
            "page_title": "Published education ratings",
            "published": published,
            "years": selectors.published_years(),
            "rows": rows,
            "query": f"year={published.year}" if published else "",
            **_helpers(),
        },
    )


def public_provider(request: HttpRequest, pk: int) -> HttpResponseBase:
    item = selectors.public_provider_get(pk)
    report = provider_report(
        selectors.published_ratings(), item, _year(request), strict="year" in request.GET
    )
    export_format = request.GET.get("format")
    if export_format in EXPORT_FORMATS:
        name = f"published-ratings-{slugify(item.name)}"
        if request.GET.get("table") == "trend":
            return table_download(
                export_format,
                f"{name}-by-year",
                public_downloads.trend_headers(report),
                public_downloads.trend_rows(report),
            )
        return table_download(
            export_format,
            f"{name}-{report.year}",
            public_downloads.KPI_HEADERS,
            public_downloads.provider_rows(report),
        )
    return render(
        request,
        "ratings/reports/public_provider.html",
        {
            "page_title": f"Published ratings of {item.name}",
            "report": report,
            "trend_svg": _trend_svg(report),
            "query": f"year={report.year}" if report.year else "",
            **_helpers(),
        },
    )

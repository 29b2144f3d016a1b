"""The self-assessment part of the API: published national reports and their figures, as
frozen when each was published."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from ninja import P, PathEx, Router

from api import selectors
from api.schemas_reports import ReportOut, ReportSummaryOut
from assessments.models import NationalReport
from core import academic_year

router = Router(tags=["Self-assessment"])


def _url(request: HttpRequest, name: str, year: int) -> str:
    return request.build_absolute_uri(reverse(name, args=[year]))


@router.get(
    "/self-assessment/reports",
    response=list[ReportSummaryOut],
    url_name="reports",
    summary="Published national reports",
)
def reports(request: HttpRequest) -> list[ReportSummaryOut]:
    """Every published national self-assessment report, newest year first."""
    return [
        ReportSummaryOut(
            academic_year=academic_year.label(item.campaign.academic_year),
            name=item.campaign.name,
            published_at=item.published_at.isoformat() if item.published_at else None,
            url=_url(request, "api_v1:report", item.campaign.academic_year),
        )
        for item in selectors.reports()
    ]


@router.get(
    "/self-assessment/reports/{year}",
    response=ReportOut,
    url_name="report",
    summary="One national report's figures",
)
def report(
    request: HttpRequest,
    year: PathEx[int, P(description='The first year of the academic year: 2025 for "2025/26"')],
) -> ReportOut:
    """Every figure of the published report, as its public page shows them. Groups with
    fewer submissions than ``min_group_size`` are suppressed: their numbers are absent."""
    return report_out(request, selectors.report_get(year))


def report_out(request: HttpRequest, item: NationalReport) -> ReportOut:
    figures: dict[str, Any] = item.figures
    year = item.campaign.academic_year
    last = figures.get("last_year")
    size = figures["min_group_size"]
    return ReportOut.model_validate(
        {
            **figures,
            "academic_year": academic_year.label(year),
            "name": figures["campaign"]["name"],
            "framework": figures["campaign"]["framework"],
            "due_on": figures["campaign"]["due_on"],
            "published_at": item.published_at.isoformat() if item.published_at else None,
            "compared_with": last["year_label"] if last else None,
            "suppression": f"Groups with fewer than {size} submissions are suppressed: "
            "their numbers are absent.",
            "downloads": {
                "page": _url(request, "assessments:public_report", year),
                "pdf": _url(request, "assessments:public_report_pdf", year),
                "xlsx": _url(request, "assessments:public_report_xlsx", year),
            },
        }
    )

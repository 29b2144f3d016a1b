"""Reads of the national report: campaigns for the quality team, published reports for all."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from assessments.models import Campaign, NationalReport, ReportStatus
from assessments.permissions import can_follow_campaigns


def campaign_for_report(user: Any, pk: int) -> Campaign:
    """A campaign whose draft report the user may see (administrators and regional leads:
    the report is national, so a lead sees every region's figures, as the public will)."""
    if not can_follow_campaigns(user):
        raise Http404("No such campaign")
    campaign = Campaign.objects.select_related("framework_version").filter(pk=pk).first()
    if campaign is None:
        raise Http404("No such campaign")
    return campaign


def published_reports() -> QuerySet[NationalReport]:
    """Published reports, newest year first: the only ones anyone without sign-in may see."""
    return (
        NationalReport.objects.filter(status=ReportStatus.PUBLISHED)
        .select_related("campaign")
        .order_by("-campaign__academic_year")
    )


def published_report(year: int) -> NationalReport:
    report = published_reports().filter(campaign__academic_year=year).first()
    if report is None:
        raise Http404("No published report for that year")
    return report

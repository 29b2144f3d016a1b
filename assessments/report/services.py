"""The national report's settings and its publication, which freezes its figures."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from assessments.models import Campaign, NationalReport, ReportStatus, Submission
from assessments.permissions import can_manage_campaigns
from assessments.report.counts import SUBMITTED
from assessments.report.figures import report_figures
from assessments.report.pdf import queue_report_pdf
from core import clock
from core.audit import acting_as

MIN_GROUP_SIZE_LIMIT = 1000
INTRODUCTION_LIMIT = 5000


def report_for(campaign: Campaign) -> NationalReport:
    """The campaign's report record, unsaved (a draft with default settings) if none yet."""
    report = NationalReport.objects.filter(campaign=campaign).first()
    return report or NationalReport(campaign=campaign)


def report_settings_update(
    *, actor: Any, campaign: Campaign, min_group_size: int, introduction: str = ""
) -> NationalReport:
    """Change the smallest group shown and the introduction of the campaign's report."""
    if not can_manage_campaigns(actor):
        raise PermissionDenied("Only quality administrators change the national report")
    errors = {}
    if not 1 <= min_group_size <= MIN_GROUP_SIZE_LIMIT:
        errors["min_group_size"] = (
            f"The smallest group shown must be a whole number from 1 to {MIN_GROUP_SIZE_LIMIT}"
        )
    introduction = (introduction or "").strip()
    if len(introduction) > INTRODUCTION_LIMIT:
        errors["introduction"] = (
            f"The introduction must be {INTRODUCTION_LIMIT} characters or fewer"
        )
    if errors:
        raise ValidationError(errors)
    with transaction.atomic(), acting_as(actor):
        report, _ = NationalReport.objects.select_for_update().get_or_create(campaign=campaign)
        report.min_group_size = min_group_size
        report.introduction = introduction
        report.save()
    return report


def report_publish(*, actor: Any, campaign: Campaign) -> NationalReport:
    """Freeze the campaign's figures into its report and make it public. Publishing again
    (after a submission was reopened and signed again) replaces the figures; the audit log
    keeps who published when, and the previous figures. Once it commits, the worker draws
    the public PDF of the figures and keeps it."""
    if not can_manage_campaigns(actor):
        raise PermissionDenied("Only quality administrators publish the national report")
    if not Submission.objects.filter(campaign=campaign, status=SUBMITTED).exists():
        raise ValidationError(
            {"campaign": f"No provider has submitted a self-assessment for {campaign.name} yet"}
        )
    with transaction.atomic():
        report, _ = NationalReport.objects.select_for_update().get_or_create(campaign=campaign)
        republished = report.status == ReportStatus.PUBLISHED
        figures = report_figures(campaign, min_group_size=report.min_group_size)
        with acting_as(actor, step="republish" if republished else "publish"):
            report.figures = figures
            report.status = ReportStatus.PUBLISHED
            report.published_at = clock.now()
            report.published_by = actor
            report.save()
        queue_report_pdf(report)
    return report

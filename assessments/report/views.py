"""The national report: the live draft for the quality team, its settings and publication,
and the public pages, PDF and Excel workbook of published reports."""

from __future__ import annotations

from typing import Any, cast

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import slugify

from accounts.models import User
from assessments.models import Campaign, NationalReport, ReportStatus
from assessments.permissions import can_follow_campaigns, can_manage_campaigns
from assessments.report import selectors, services
from assessments.report.figures import report_figures
from assessments.report.forms import PublishForm, ReportSettingsForm
from assessments.report.pdf import report_pdf_open
from assessments.report.presenting import figures_context, pct
from assessments.report.taken import Taken, if_taken_now, when_taken
from assessments.report.workbook import workbook_sheets
from core import formatting
from core.exports import csv_response, workbook_response
from core.forms import ServiceForm
from core.http import require
from core.views_forms import form_view, posted


@require(can_follow_campaigns)
def report(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = selectors.campaign_for_report(request.user, pk)
    record = services.report_for(campaign)
    figures = report_figures(campaign, min_group_size=record.min_group_size)
    return render(
        request,
        "assessments/report/report_draft.html",
        {
            "page_title": f"National report: {campaign.name}",
            "campaign": campaign,
            "record": record,
            "published": record.status == ReportStatus.PUBLISHED,
            "can_manage": can_manage_campaigns(request.user),
            **figures_context(figures),
        },
    )


def _form_page(
    request: HttpRequest,
    campaign: Campaign,
    form: ServiceForm,
    *,
    title: str,
    heading: str,
    button: str,
    intro: list[str],
    warning: tuple[str, list[str]] | None = None,
) -> HttpResponse:
    return render(
        request,
        "assessments/report/report_form.html",
        {
            "page_title": title,
            "heading": heading,
            "caption": f"National report: {campaign.name}",
            "intro": intro,
            "warning": warning,
            "form": form,
            "button": button,
            "back_url": reverse("assessments:report", args=[campaign.pk]),
            "page_error": bool(form.errors),
        },
    )


@require(can_manage_campaigns)
def report_settings(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = selectors.campaign_for_report(request.user, pk)
    record = services.report_for(campaign)
    initial = {"min_group_size": record.min_group_size, "introduction": record.introduction}
    form = ReportSettingsForm(posted(request), initial=initial)
    return form_view(
        request,
        form,
        save=lambda: services.report_settings_update(
            actor=cast(User, request.user),
            campaign=campaign,
            min_group_size=form.cleaned_data["min_group_size"],
            introduction=form.cleaned_data["introduction"],
        ),
        done=lambda _: (
            "The report settings have been saved",
            redirect("assessments:report", campaign.pk),
        ),
        page=lambda: _form_page(
            request,
            campaign,
            form,
            title="Report settings",
            heading="Report settings",
            button="Save settings",
            intro=[],
        ),
    )


@require(can_manage_campaigns)
def report_publish(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = selectors.campaign_for_report(request.user, pk)
    record = services.report_for(campaign)
    form = PublishForm(posted(request))
    republish = record.status == ReportStatus.PUBLISHED
    intro = [
        "The figures as they are now will be frozen and shown on the public pages, with a "
        "PDF and an Excel workbook, to anyone without signing in.",
        f"Groups with fewer than {record.min_group_size} submissions are suppressed.",
    ]
    if republish:
        intro.insert(
            0,
            "This report is already public. Publishing again replaces its figures with "
            "today's; the audit log keeps the earlier figures.",
        )
    taken = if_taken_now(campaign)
    warning = _mid_campaign_warning(taken)
    if warning is None:
        intro.append(f"{_response_sentence(taken)} The public page will say so.")
    return form_view(
        request,
        form,
        save=lambda: services.report_publish(actor=cast(User, request.user), campaign=campaign),
        done=lambda _: (
            f"The national report for {campaign.year_label} is public",
            redirect("assessments:report", campaign.pk),
        ),
        page=lambda: _form_page(
            request,
            campaign,
            form,
            title="Publish the national report",
            heading="Publish the national report again?" if republish else "Publish?",
            button="Publish again" if republish else "Publish",
            intro=intro,
            warning=warning,
        ),
    )


def _response_sentence(taken: Taken) -> str:
    rate = pct(taken.response_rate)
    return f"{taken.submitted} of {taken.in_scope} placement providers ({rate}) have submitted."


def _mid_campaign_warning(taken: Taken) -> tuple[str, list[str]] | None:
    """The warning an administrator sees before publishing while providers may still
    submit, or None once the due date has passed."""
    if not taken.mid_campaign:
        return None
    return (
        "The campaign is still open",
        [
            f"Providers have until {formatting.date(taken.due_on)} to submit. "
            f"{_response_sentence(taken)}",
            "If you publish now, the public report counts only these providers. It will show "
            f"that its figures were taken on {formatting.date(taken.on)}, before the campaign "
            "closed, with this response rate.",
        ],
    )


def public_reports(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "assessments/report/public_reports.html",
        {
            "page_title": "Placement provider self-assessment: national reports",
            "reports": [
                (report, when_taken(report.figures)) for report in selectors.published_reports()
            ],
        },
    )


def _public_context(record: NationalReport) -> dict[str, Any]:
    figures = record.figures
    return {
        "page_title": f"Self-assessment national report {figures['campaign']['year_label']}",
        "record": record,
        "taken": when_taken(figures),
        "tables": [(slugify(title), title) for title, _, _ in workbook_sheets(figures)],
        "years": [
            r.campaign.academic_year
            for r in selectors.published_reports().only("campaign__academic_year")
        ],
        **figures_context(figures),
    }


def public_report(request: HttpRequest, year: int) -> HttpResponse:
    record = selectors.published_report(year)
    return render(request, "assessments/report/public_report.html", _public_context(record))


def public_report_pdf(request: HttpRequest, year: int) -> HttpResponseBase:
    """The PDF kept when the report was published, served from storage."""
    record = selectors.published_report(year)
    return FileResponse(
        report_pdf_open(record),
        as_attachment=True,
        filename=f"self-assessment-national-report-{year}.pdf",
        content_type="application/pdf",
    )


def public_report_xlsx(request: HttpRequest, year: int) -> HttpResponse:
    record = selectors.published_report(year)
    return workbook_response(
        f"self-assessment-national-report-{year}", workbook_sheets(record.figures)
    )


def public_report_csv(request: HttpRequest, year: int, table: str) -> HttpResponseBase:
    """One table of a published report as CSV (the workbook has them all, one sheet each)."""
    record = selectors.published_report(year)
    for title, headers, rows in workbook_sheets(record.figures):
        if slugify(title) == table:
            name = f"self-assessment-national-report-{year}-{table}"
            return csv_response(name, headers, rows)
    raise Http404("The report has no such table")

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


Sheet = tuple[str, list[str], list[list[Any]]]
SUPPRESSED = "Suppressed"
VALUE_HEADERS = [
    "Submissions",
    "Met",
    "Partially met",
    "Not met",
    "Not applicable",
    "Met %",
    "Partially met %",
    "Not met %",
]


def _cells(block: dict[str, Any]) -> list[Any]:
    """A figures block as spreadsheet cells; a suppressed block shows the word, no numbers."""
    if block.get("suppressed"):
        return [SUPPRESSED] * len(VALUE_HEADERS)
    return [
        block["submissions"],
        block["met"],
        block["partially_met"],
        block["not_met"],
        block["not_applicable"],
        block["met_share"],
        block["partially_met_share"],
        block["not_met_share"],
    ]


def _change_cells(change: dict[str, Any]) -> list[Any]:
    kind = str(change.get("kind", ""))
    if kind == "compared":
        return [change.get("met_last_year"), change.get("met")]
    words = {"none": "No earlier report", "new": "New standard", "suppressed": SUPPRESSED}
    return [words.get(kind, ""), words.get(kind, "")]


def _response_cells(block: dict[str, Any]) -> list[Any]:
    if block.get("suppressed"):
        return [SUPPRESSED] * 5
    return [
        block["in_scope"],
        block["submitted"],
        block["on_time"],
        block["response_rate"],
        block["on_time_rate"],
    ]


def workbook_sheets(figures: dict[str, Any]) -> list[Sheet]:
    """The report's tables, one sheet each, for the Excel download."""
    response_headers = ["In scope", "Submitted", "On time", "Response rate %", "On-time rate %"]
    change_headers = ["Met % last year", "Change in met (points)"]
    sheets: list[Sheet] = [
        (
            "Response",
            ["Group", *response_headers],
            [["England", *_response_cells(figures["response"])]]
            + [[g["name"], *_response_cells(g["response"])] for g in figures["by_region"]],
        ),
        (
            "Domains",
            ["Domain", "Title", *VALUE_HEADERS, *change_headers],
            [
                [d["number"], d["title"], *_cells(d), *_change_cells(d["change"])]
                for d in figures["domains"]
            ],
        ),
        (
            "Standards",
            ["Reference", "Standard", "Title", *VALUE_HEADERS, *change_headers],
            [
                [s["ref"], s["label"], s["title"], *_cells(s), *_change_cells(s["change"])]
                for d in figures["domains"]
                for s in d["standards"]
            ],
        ),
    ]
    for key, title, label in (
        ("by_region", "By region", "Region"),
        ("by_type", "By provider type", "Provider type"),
    ):
        rows: list[list[Any]] = []
        for group in figures[key]:
            if group["suppressed"]:
                rows.append([group["name"], "All domains", *_cells(group)])
                continue
            rows.append([group["name"], "All domains", *_cells(group["overall"])])
            rows.extend(
                [group["name"], f"{d['number']}. {d['title']}", *_cells(d)]
                for d in group["domains"]
            )
        sheets.append((title, [label, "Domain", *VALUE_HEADERS], rows))
    action_rows: list[list[Any]] = []
    for item in figures["actions"]:
        if item["suppressed"]:
            action_rows.append([item["ref"], item["title"], SUPPRESSED, SUPPRESSED, ""])
            continue
        for number, text in enumerate(item["samples"] or [""]):
            first = number == 0
            action_rows.append(
                [
                    item["ref"],
                    item["title"],
                    item["count"] if first else "",
                    item["providers"] if first else "",
                    text,
                ]
            )
    sheets.append(
        (
            "Actions",
            ["Reference", "Standard", "Actions", "Providers", "Example action"],
            action_rows,
        )
    )
    return sheets

"""Published national self-assessment reports in the API: the figures frozen at publication,
suppressed groups without numbers, drafts never."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from access.testing import World
from assessments.models import NationalReport, ReportStatus
from assessments.report.figures import report_figures
from assessments.report.workbook import SUPPRESSED, workbook_sheets
from assessments.tests.test_report_figures import ReportData, build_report_data

REPORTS = reverse("api_v1:reports")


@pytest.fixture
def report(world: World) -> NationalReport:
    """The 2025/26 report published with the figures as they are now."""
    data: ReportData = build_report_data(world)
    record = NationalReport.objects.get(campaign=data.campaign)
    record.figures = report_figures(data.campaign, min_group_size=record.min_group_size)
    record.status = ReportStatus.PUBLISHED
    record.published_at = dt.datetime(2026, 10, 1, 9, tzinfo=dt.UTC)
    record.save()
    return record


def _report(client: Client, year: int = 2025) -> Any:
    response = client.get(reverse("api_v1:report", args=[year]))
    assert response.status_code == 200, response.content
    return response.json()


def test_the_list_holds_published_reports_only(report: NationalReport, client: Client) -> None:
    body = client.get(REPORTS).json()
    assert [r["academic_year"] for r in body] == ["2025/26"]
    assert body[0]["url"].endswith(reverse("api_v1:report", args=[2025]))
    NationalReport.objects.filter(pk=report.pk).update(status=ReportStatus.DRAFT)
    assert client.get(REPORTS).json() == []
    assert client.get(reverse("api_v1:report", args=[2025])).status_code == 404


def test_a_report_has_the_published_figures(report: NationalReport, client: Client) -> None:
    body = _report(client)
    figures = report.figures
    assert body["academic_year"] == "2025/26" and body["compared_with"] == "2024/25"
    assert body["min_group_size"] == 2
    assert body["response"] == {**dict.fromkeys(body["response"]), **figures["response"]}
    first = body["domains"][0]["standards"][0]
    assert (first["label"], first["met"], first["met_share"]) == ("1.1", 7, 70.0)
    assert first["change"]["kind"] == figures["domains"][0]["standards"][0]["change"]["kind"]
    assert body["downloads"]["xlsx"].endswith(
        reverse("assessments:public_report_xlsx", args=[2025])
    )


def test_figures_frozen_at_publication_do_not_move_with_later_answers(
    report: NationalReport, client: Client
) -> None:
    before = _report(client)
    figures = dict(report.figures, overall={"suppressed": True})
    NationalReport.objects.filter(pk=report.pk).update(figures=figures)
    assert _report(client)["overall"]["suppressed"] is True
    assert before["overall"]["suppressed"] is False


def test_a_suppressed_group_has_no_numbers(report: NationalReport, client: Client) -> None:
    body = _report(client)
    suppressed = [g for g in body["by_type"] if g["suppressed"]]
    assert suppressed, "the test data has a provider type below the smallest group"
    for group in suppressed:
        assert group["submissions"] is None and group["overall"] is None
        assert group["domains"] == []
    assert "fewer than 2 submissions" in body["suppression"]


def test_the_api_and_the_workbook_agree_on_every_figure(
    report: NationalReport, client: Client
) -> None:
    """The workbook download shows the public figures; the API gives the same numbers."""
    body = _report(client)
    sheets = {name: rows for name, _headers, rows in workbook_sheets(report.figures)}
    standards = [s for d in body["domains"] for s in d["standards"]]
    for row, standard in zip(sheets["Standards"], standards, strict=True):
        values = [
            standard[key]
            for key in (
                "submissions",
                "met",
                "partially_met",
                "not_met",
                "not_applicable",
                "met_share",
                "partially_met_share",
                "not_met_share",
            )
        ]
        expected = [SUPPRESSED] * 8 if standard["suppressed"] else values
        assert row[3:11] == expected, standard["ref"]
    england = sheets["Response"][0]
    response = body["response"]
    assert england[1:] == [
        response[key]
        for key in ("in_scope", "submitted", "on_time", "response_rate", "on_time_rate")
    ]


@pytest.mark.parametrize("year", [1999, 2101, 2**40])
def test_a_year_out_of_range_is_not_found(
    report: NationalReport, client: Client, year: int
) -> None:
    assert client.get(f"{REPORTS}/{year}").status_code == 404

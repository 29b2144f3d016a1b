"""The national report's pages: the live draft, settings, publication (which freezes the
figures), and the public page, PDF and Excel workbook of a published report."""

from __future__ import annotations

from collections.abc import Callable
from io import BytesIO
from typing import Any

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from access.testing import World
from assessments.models import Answer, NationalReport, ReportStatus, Submission
from assessments.report.services import report_publish, report_settings_update
from assessments.testing import sign_as_submitted
from assessments.tests.test_report_figures import ReportData, build_report_data

ClientFor = Callable[[str], Client]


@pytest.fixture
def data(world: World) -> ReportData:
    return build_report_data(world)


def _public(year: int, name: str = "assessments:public_report") -> str:
    return reverse(name, args=[year])


def test_draft_report_shows_live_figures_to_the_quality_team(
    data: ReportData, client_for: ClientFor
) -> None:
    url = reverse("assessments:report", args=[data.campaign.pk])
    for persona in ("admin", "regional_lead"):
        html = client_for(persona).get(url).content.decode()
        assert "This is a draft" in html
        assert "5 of 6 placement providers submitted" in html
        assert "70.0%" in html  # standard 1.1 met
        assert "+20.0 points" in html  # change since last year
        assert "New standard" in html
        assert "Weekly safety huddles open to learners" in html
        assert "Suppressed: fewer than 2 submissions" in html  # community providers
    admin_html = client_for("admin").get(url).content.decode()
    lead_html = client_for("regional_lead").get(url).content.decode()
    assert reverse("assessments:report_publish", args=[data.campaign.pk]) in admin_html
    assert reverse("assessments:report_publish", args=[data.campaign.pk]) not in lead_html


def test_charts_label_every_part_in_words_and_come_with_tables(
    data: ReportData, client_for: ClientFor
) -> None:
    html = client_for("admin").get(reverse("assessments:report", args=[data.campaign.pk]))
    text = html.content.decode()
    assert 'role="img"' in text
    assert "<pattern" in text  # partially met and not met differ by pattern, not just colour
    assert "Stacked bar chart of the share of answers met" in text
    assert "Answers by domain</caption>" in text


def test_settings_change_the_smallest_group_shown(data: ReportData, client_for: ClientFor) -> None:
    url = reverse("assessments:report_settings", args=[data.campaign.pk])
    client = client_for("admin")
    response = client.post(url, {"min_group_size": "4", "introduction": "Our first report."})
    assert response.status_code == 302
    report = NationalReport.objects.get(campaign=data.campaign)
    assert (report.min_group_size, report.introduction) == (4, "Our first report.")
    html = client.get(reverse("assessments:report", args=[data.campaign.pk])).content.decode()
    assert "Suppressed: fewer than 4 submissions" in html
    assert LogEntry.objects.get_for_object(report).exists()


def test_settings_errors_name_the_field(data: ReportData, client_for: ClientFor) -> None:
    url = reverse("assessments:report_settings", args=[data.campaign.pk])
    response = client_for("admin").post(url, {"min_group_size": "0"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    assert "The smallest group shown must be 1 or more" in html
    assert NationalReport.objects.get(campaign=data.campaign).min_group_size == 2


def test_only_administrators_publish(data: ReportData, world: World) -> None:
    with pytest.raises(PermissionDenied):
        report_publish(actor=world.user("regional_lead"), campaign=data.campaign)
    with pytest.raises(PermissionDenied):
        report_settings_update(
            actor=world.user("regional_lead"), campaign=data.campaign, min_group_size=3
        )
    assert NationalReport.objects.get(campaign=data.campaign).status == ReportStatus.DRAFT


def test_a_campaign_without_submissions_cannot_be_published(data: ReportData, world: World) -> None:
    Submission.objects.filter(campaign=data.last_campaign).update(status="in_progress")
    with pytest.raises(ValidationError, match="No provider has submitted"):
        report_publish(actor=world.user("admin"), campaign=data.last_campaign)
    assert not NationalReport.objects.filter(campaign=data.last_campaign).exists()


def test_publishing_freezes_the_figures_and_republishing_replaces_them(
    data: ReportData, world: World, client_for: ClientFor
) -> None:
    admin = world.user("admin")
    response = client_for("admin").post(
        reverse("assessments:report_publish", args=[data.campaign.pk])
    )
    assert response.status_code == 302
    report = NationalReport.objects.get(campaign=data.campaign)
    assert report.status == ReportStatus.PUBLISHED
    assert report.published_by == admin
    frozen = report.figures
    assert frozen["overall"]["met"] == 17

    # A submission is reopened and one answer changes: the public figures stay as published.
    Answer.objects.filter(submission=data.submissions["M1"]).update(value="not_met")
    sign_as_submitted(data.submissions["M1"])  # and it is signed off again
    public = client_for("anonymous").get(_public(data.campaign.academic_year)).content.decode()
    assert NationalReport.objects.get(pk=report.pk).figures == frozen
    assert "17" in public and "73.9%" in public  # 17 of 23 met, as published

    report_publish(actor=admin, campaign=data.campaign)
    report.refresh_from_db()
    assert report.figures["overall"]["met"] == 12
    entries = LogEntry.objects.get_for_object(report)
    assert entries.count() >= 2
    assert any((entry.additional_data or {}).get("step") == "republish" for entry in entries.all())


def test_unpublished_reports_are_not_found_without_sign_in(
    data: ReportData, client_for: ClientFor
) -> None:
    year = data.campaign.academic_year
    anonymous = client_for("anonymous")
    for name in (
        "assessments:public_report",
        "assessments:public_report_pdf",
        "assessments:public_report_xlsx",
    ):
        assert anonymous.get(_public(year, name)).status_code == 404
    index = anonymous.get(reverse("assessments:public_reports")).content.decode()
    assert "No national report has been published yet" in index


@pytest.fixture
def published(data: ReportData, world: World) -> NationalReport:
    return report_publish(actor=world.user("admin"), campaign=data.campaign)


def test_public_page_shows_the_frozen_figures_with_charts_and_tables(
    published: NationalReport, client_for: ClientFor
) -> None:
    year = published.campaign.academic_year
    html = client_for("anonymous").get(_public(year)).content.decode()
    assert "National report 2025/26" in html
    assert "Only self-assessments signed off" in html
    assert "70.0%" in html
    assert "Suppressed: fewer than 2 submissions" in html
    assert "<svg" in html and "Answers by region" in html
    assert _public(year, "assessments:public_report_pdf") in html
    index = client_for("anonymous").get(reverse("assessments:public_reports")).content.decode()
    assert _public(year) in index


def test_public_page_takes_the_same_queries_however_large_the_report(
    published: NationalReport,
    client_for: ClientFor,
    django_assert_num_queries: Any,
) -> None:
    year = published.campaign.academic_year
    client = client_for("anonymous")
    client.get(_public(year))
    with django_assert_num_queries(2):
        client.get(_public(year))
    # Many more standards' worth of actions: still the same two queries.
    figures = dict(published.figures)
    figures["actions"] = figures["actions"] * 50
    NationalReport.objects.filter(pk=published.pk).update(figures=figures)
    with django_assert_num_queries(2):
        assert client.get(_public(year)).status_code == 200


def test_draft_page_queries_do_not_grow_with_submissions(
    data: ReportData, client_for: ClientFor, django_assert_num_queries: Any
) -> None:
    client = client_for("admin")
    url = reverse("assessments:report", args=[data.campaign.pk])
    client.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as before:
        client.get(url)
    more = build_report_data_more(data)
    assert more > 0
    with django_assert_num_queries(len(before.captured_queries)):
        client.get(url)


def build_report_data_more(data: ReportData) -> int:
    """Copy every submitted London submission's answers into new submissions."""
    from organisations.kinds import OrganisationKind
    from organisations.models import Organisation

    added = 0
    source = data.submissions["L2"]
    answers = list(Answer.objects.filter(submission=source))
    for number in range(4):
        organisation = Organisation.objects.create(
            kind=OrganisationKind.PLACEMENT_PROVIDER,
            name=f"Extra provider {number}",
            ods_code=f"RZX{number:02d}",
            region=source.organisation.region,
            provider_type=source.organisation.provider_type,
        )
        submission = Submission.objects.create(
            campaign=data.campaign,
            organisation=organisation,
            due_on=source.due_on,
            status=source.status,
            submitted_at=source.submitted_at,
        )
        Answer.objects.bulk_create(
            Answer(submission=submission, question_id=a.question_id, value=a.value) for a in answers
        )
        sign_as_submitted(submission)
        added += 1
    return added


def test_pdf_has_the_report(published: NationalReport, client_for: ClientFor) -> None:
    response = client_for("anonymous").get(
        _public(published.campaign.academic_year, "assessments:public_report_pdf")
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    document = response.getvalue()  # served from storage, as a file
    assert document.startswith(b"%PDF")
    from pypdf import PdfReader

    text = "".join(page.extract_text() for page in PdfReader(BytesIO(document)).pages)
    assert "National report 2025/26" in text
    assert "Weekly safety huddles open to learners" in text


def test_workbook_has_a_sheet_per_table(published: NationalReport, client_for: ClientFor) -> None:
    from openpyxl import load_workbook

    response = client_for("anonymous").get(
        _public(published.campaign.academic_year, "assessments:public_report_xlsx")
    )
    assert response.status_code == 200
    workbook = load_workbook(BytesIO(response.content))
    assert workbook.sheetnames == [
        "Response",
        "Domains",
        "Standards",
        "By region",
        "By provider type",
        "Actions",
    ]
    response_rows = list(workbook["Response"].iter_rows(values_only=True))
    assert response_rows[1][:4] == ("England", 6, 5, 4)
    standards = {row[1]: row for row in workbook["Standards"].iter_rows(values_only=True)}
    assert standards["1.1"][3:6] == (5, 7, 2)
    types = list(workbook["By provider type"].iter_rows(values_only=True))
    community = next(row for row in types if row[0] == "Community")
    assert community[2:] == ("Suppressed",) * 8


def test_public_index_takes_the_same_queries_however_many_reports(
    published: NationalReport,
    data: ReportData,
    world: World,
    client_for: ClientFor,
    django_assert_num_queries: Any,
) -> None:
    client = client_for("anonymous")
    url = reverse("assessments:public_reports")
    client.get(url)
    with django_assert_num_queries(1):
        client.get(url)
    report_publish(actor=world.user("admin"), campaign=data.last_campaign)
    with django_assert_num_queries(1):
        html = client.get(url).content.decode()
    assert "National report 2024/25" in html and "National report 2025/26" in html

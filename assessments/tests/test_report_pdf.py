"""The national report's public PDF: drawn once when the report is published, kept in the
media storage and served from there; tagged, within its pages, with the NHS identity."""

from __future__ import annotations

from collections.abc import Callable
from io import BytesIO

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from access.testing import World
from assessments.models import Answer, NationalReport
from assessments.report.pdf import report_pdf_store
from assessments.report.services import report_publish
from assessments.testing import sign_as_submitted
from assessments.tests.test_report_figures import ReportData, build_report_data
from core.testing.mail import committed
from core.testing.pdf import drawing, is_tagged, overflowing, stranded_headings, structure

ClientFor = Callable[[str], Client]


@pytest.fixture
def data(world: World) -> ReportData:
    return build_report_data(world)


def _download(client: Client, year: int) -> bytes:
    response = client.get(reverse("assessments:public_report_pdf", args=[year]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "self-assessment-national-report-" in response["Content-Disposition"]
    return response.getvalue()


def test_publishing_keeps_the_pdf_and_downloads_serve_it_without_drawing_again(
    data: ReportData, world: World, client_for: ClientFor
) -> None:
    with drawing() as drawn:
        with committed():  # the worker draws it once the publication commits
            report = report_publish(actor=world.user("admin"), campaign=data.campaign)
        assert len(drawn) == 1
        report.refresh_from_db()
        assert report.pdf_is_current
        name = str(report.pdf.name)
        assert name.startswith("reports/national/national-report-2025-")
        with default_storage.open(name, "rb") as kept:
            stored = kept.read()
        client = client_for("anonymous")
        first = _download(client, data.campaign.academic_year)
        second = _download(client, data.campaign.academic_year)
        assert len(drawn) == 1  # neither download drew it again
    assert first == second == stored
    entry = LogEntry.objects.get_for_object(report).order_by("-pk").first()
    assert entry is not None and (entry.additional_data or {}).get("step") == "store pdf"


def test_a_report_without_a_kept_pdf_is_drawn_by_its_first_download_only(
    data: ReportData, world: World, client_for: ClientFor
) -> None:
    # Published, but the worker has not drawn it yet (nothing committed in this test).
    report_publish(actor=world.user("admin"), campaign=data.campaign)
    client = client_for("anonymous")
    with drawing() as drawn:
        first = _download(client, data.campaign.academic_year)
        second = _download(client, data.campaign.academic_year)
    assert len(drawn) == 1
    assert first == second
    assert NationalReport.objects.get(campaign=data.campaign).pdf_is_current


def _overall_met(html: str) -> str:
    """The "All domains" row of the domains table, as drawn."""
    row = html[html.index("All domains</strong></th>") :]
    return row[: row.index("</tr>")]


def test_publishing_again_draws_the_new_figures_and_removes_the_old_pdf(
    data: ReportData, world: World
) -> None:
    admin = world.user("admin")
    with drawing() as drawn, committed():
        report = report_publish(actor=admin, campaign=data.campaign)
    report.refresh_from_db()
    earlier = str(report.pdf.name)
    Answer.objects.filter(submission=data.submissions["M1"]).update(value="not_met")
    sign_as_submitted(data.submissions["M1"])
    with drawing() as redrawn, committed():
        report_publish(actor=admin, campaign=data.campaign)
    assert len(drawn) == len(redrawn) == 1
    assert "(17)" in _overall_met(drawn[0]) and "(12)" in _overall_met(redrawn[0])
    report.refresh_from_db()
    assert report.pdf_is_current and report.pdf.name != earlier
    assert default_storage.exists(str(report.pdf.name))
    assert not default_storage.exists(earlier)


def test_a_pdf_drawn_for_an_earlier_publication_is_not_kept(data: ReportData, world: World) -> None:
    report = report_publish(actor=world.user("admin"), campaign=data.campaign)
    with drawing():
        assert report_pdf_store(actor=None, report_id=report.pk)
        # Kept for this publication already: nothing to draw.
        assert not report_pdf_store(actor=None, report_id=report.pk)
    report_publish(actor=world.user("admin"), campaign=data.campaign)
    report.refresh_from_db()
    assert not report.pdf_is_current  # stale until drawn again


@pytest.mark.parametrize("persona", ["regional_lead", "pp_contributor", "no_role"])
def test_only_administrators_or_the_system_keep_a_report_pdf(
    data: ReportData, world: World, persona: str
) -> None:
    report = report_publish(actor=world.user("admin"), campaign=data.campaign)
    with pytest.raises(PermissionDenied, match="Only quality administrators"):
        report_pdf_store(actor=world.user(persona), report_id=report.pk)
    report.refresh_from_db()
    assert not report.pdf


def test_the_national_pdf_is_tagged_within_its_pages_with_the_nhs_identity(
    data: ReportData, world: World, client_for: ClientFor
) -> None:
    report_publish(actor=world.user("admin"), campaign=data.campaign)
    with drawing() as drawn:
        document = _download(client_for("anonymous"), data.campaign.academic_year)
    [html] = drawn
    assert is_tagged(document)
    tags = structure(document)
    assert tags["H1"] == 1 and tags["H2"] >= 5
    assert tags["Figure"] >= 4 and tags["Figure without Alt"] == 0  # charts named by title
    assert overflowing(html) == []
    assert stranded_headings(html) == []
    first_page = PdfReader(BytesIO(document)).pages[0].extract_text()
    assert first_page.startswith("NHS England")
    assert "National report 2025/26" in first_page

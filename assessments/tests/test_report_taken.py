"""A national report published while the campaign is still open says so: the public page shows
when its figures were taken and the response then, and the administrator is warned before
publishing. Every published table downloads as CSV as well as in the Excel workbook."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from access.testing import World
from assessments.models import Campaign, NationalReport
from assessments.report.services import report_publish
from assessments.report.taken import when_taken
from assessments.tests.test_report_figures import ReportData, build_report_data
from core import clock, formatting

ClientFor = Callable[[str], Client]
# The campaign opens a week before the clock's today and is due 30 days after it.
pytestmark = pytest.mark.date_sensitive


@pytest.fixture
def data(world: World) -> ReportData:
    return build_report_data(world)


def _public(data: ReportData) -> str:
    return reverse("assessments:public_report", args=[data.campaign.academic_year])


def _close_yesterday(campaign: Campaign) -> None:
    """The due date has passed: providers can no longer submit."""
    Campaign.objects.filter(pk=campaign.pk).update(due_on=clock.today() - dt.timedelta(days=1))
    campaign.refresh_from_db()


def test_a_report_published_mid_campaign_warns_its_readers_with_the_response_and_the_day(
    data: ReportData, world: World, client_for: ClientFor
) -> None:
    report_publish(actor=world.user("admin"), campaign=data.campaign)
    html = client_for("anonymous").get(_public(data)).content.decode()
    assert "Taken before the campaign closed" in html
    assert f"These figures were taken on {formatting.date(clock.today())}" in html
    assert f"still had until {formatting.date(data.campaign.due_on)} to submit" in html
    assert "They count only the 5 of 6 placement providers (83.3%) who had submitted" in html

    index = client_for("anonymous").get(reverse("assessments:public_reports")).content.decode()
    assert "83.3% of providers had responded, before the campaign closed" in index


def test_a_report_published_after_the_due_date_states_the_day_and_response_without_a_warning(
    data: ReportData, world: World, client_for: ClientFor
) -> None:
    _close_yesterday(data.campaign)
    report_publish(actor=world.user("admin"), campaign=data.campaign)
    html = client_for("anonymous").get(_public(data)).content.decode()
    assert "Taken before the campaign closed" not in html
    assert f"Figures taken on {formatting.date(clock.today())}</strong>" in html
    assert "when 5 of 6 placement providers (83.3%) had submitted" in html


def test_the_administrator_is_warned_before_publishing_while_providers_can_still_submit(
    data: ReportData, client_for: ClientFor
) -> None:
    url = reverse("assessments:report_publish", args=[data.campaign.pk])
    html = client_for("admin").get(url).content.decode()
    assert "nhsuk-warning-callout" in html and "The campaign is still open" in html
    assert f"Providers have until {formatting.date(data.campaign.due_on)} to submit" in html
    assert "5 of 6 placement providers (83.3%) have submitted" in html
    assert "before the campaign closed, with this response rate" in html

    _close_yesterday(data.campaign)
    html = client_for("admin").get(url).content.decode()
    assert "The campaign is still open" not in html
    assert "5 of 6 placement providers (83.3%) have submitted. The public page will say so." in (
        html
    )


def test_figures_published_before_the_campaign_state_was_kept_count_as_mid_campaign_until_due(
    data: ReportData, world: World
) -> None:
    report = report_publish(actor=world.user("admin"), campaign=data.campaign)
    figures = dict(report.figures, campaign=dict(report.figures["campaign"]))
    figures["campaign"].pop("open")
    assert when_taken(figures).mid_campaign
    figures["campaign"]["due_on"] = (clock.today() - dt.timedelta(days=1)).isoformat()
    assert not when_taken(figures).mid_campaign


def _csv_rows(response: Any) -> list[list[str]]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def test_each_published_table_downloads_as_csv(
    data: ReportData, world: World, client_for: ClientFor
) -> None:
    report_publish(actor=world.user("admin"), campaign=data.campaign)
    year = data.campaign.academic_year
    anonymous = client_for("anonymous")
    html = anonymous.get(_public(data)).content.decode()
    slugs = ["response", "domains", "standards", "by-region", "by-provider-type", "actions"]
    for slug in slugs:
        url = reverse("assessments:public_report_csv", args=[year, slug])
        assert url in html
        assert len(_csv_rows(anonymous.get(url))) > 1, slug
    response = reverse("assessments:public_report_csv", args=[year, "response"])
    rows = _csv_rows(anonymous.get(response))
    assert rows[0][:3] == ["Group", "In scope", "Submitted"]
    assert rows[1][:3] == ["England", "6", "5"]
    missing = reverse("assessments:public_report_csv", args=[year, "nope"])
    assert anonymous.get(missing).status_code == 404


def test_an_unpublished_report_has_no_csv(data: ReportData, client_for: ClientFor) -> None:
    url = reverse("assessments:public_report_csv", args=[data.campaign.academic_year, "domains"])
    assert client_for("anonymous").get(url).status_code == 404
    assert not NationalReport.objects.filter(campaign=data.campaign, status="published").exists()

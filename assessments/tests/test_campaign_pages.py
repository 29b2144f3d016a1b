"""The campaign list, opening a campaign, the dashboard with its downloads, and extensions."""

from __future__ import annotations

import datetime as dt
from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from assessments.models import Campaign, Submission, SubmissionEvent, SubmissionStatus
from organisations.kinds import OrganisationKind
from organisations.models import Organisation, ProviderType, Region

# The forms here open 2026/27 and see 2025/26 as taken: the years offered on this day.
pytestmark = pytest.mark.day("2026-11-30")

LIST = reverse("assessments:campaign_list")
OPEN = reverse("assessments:campaign_open")


def _dashboard(campaign, query=""):
    return reverse("assessments:campaign_dashboard", kwargs={"pk": campaign.pk}) + query


def _add_providers(assessment, count, region="LON", provider_type=ProviderType.COMMUNITY):
    region = Region.objects.get(code=region)
    start = Organisation.objects.count()
    providers = Organisation.objects.bulk_create(
        Organisation(
            kind=OrganisationKind.PLACEMENT_PROVIDER,
            name=f"Provider {start + n:04d}",
            ods_code=f"RX{start + n:04d}",
            provider_type=provider_type,
            region=region,
        )
        for n in range(count)
    )
    Submission.objects.bulk_create(
        Submission(campaign=assessment.campaign, organisation=p, due_on=assessment.campaign.due_on)
        for p in providers
    )


def _body(response):
    return response.content.decode()


# --- the list -----------------------------------------------------------------------------


def test_the_list_shows_each_campaign_with_how_many_have_submitted(assessment, client_for):
    Submission.objects.filter(pk=assessment.midlands.pk).update(status=SubmissionStatus.SUBMITTED)
    response = client_for("admin").get(LIST)
    assert response.status_code == 200
    assert "Self-assessment 2025/26" in _body(response)
    [campaign] = response.context["campaigns"]
    assert (campaign.submitted_count, campaign.submission_count) == (1, 2)
    assert "Open a campaign" in _body(response)


def test_a_regional_lead_counts_only_their_regions_submissions_and_cannot_open_one(
    assessment, client_for
):
    Submission.objects.filter(pk=assessment.midlands.pk).update(status=SubmissionStatus.SUBMITTED)
    response = client_for("regional_lead").get(LIST)
    [campaign] = response.context["campaigns"]
    assert (campaign.submitted_count, campaign.submission_count) == (0, 1)
    assert "Open a campaign" not in _body(response)


def test_the_list_makes_the_same_number_of_queries_however_many_campaigns(
    assessment, client_for, django_assert_num_queries
):
    client = client_for("regional_lead")
    with CaptureQueriesContext(connection) as few:
        client.get(LIST)
    for year in (2026, 2027, 2028):
        Campaign.objects.create(
            name=f"Campaign {year}",
            academic_year=year,
            framework_version=assessment.version,
            opens_on=dt.date(year, 9, 1),
            due_on=dt.date(year, 12, 1),
        )
    _add_providers(assessment, 5)
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(LIST)
    assert len(response.context["campaigns"]) == 4


# --- opening a campaign -------------------------------------------------------------------


def _form(assessment, **overrides):
    return {
        "academic_year": "2026",
        "name": "Self-assessment 2026/27",
        "framework_version": str(assessment.version.pk),
        "provider_types": [],
        "region_ids": [],
        "opens_on": "2026-09-01",
        "due_on": "2026-12-01",
        "notify": "on",
    } | overrides


def test_the_open_form_offers_versions_types_and_regions(assessment, client_for):
    response = client_for("admin").get(OPEN)
    body = _body(response)
    assert "QFTEST" in body
    assert "Mental health" in body
    assert "London" in body
    assert 'type="date"' in body


def test_opening_a_campaign_creates_the_submissions_and_e_mails_contributors(
    assessment, client_for, django_capture_on_commit_callbacks, mailoutbox
):
    london = Region.objects.get(code="LON")
    client = client_for("admin")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(OPEN, _form(assessment, region_ids=[str(london.pk)]))
    campaign = Campaign.objects.get(academic_year=2026)
    assert response.status_code == 302
    assert response["Location"] == _dashboard(campaign)
    assert list(campaign.submissions.values_list("organisation", flat=True)) == [
        assessment.world.london_pp.pk
    ]
    assert [m.to for m in mailoutbox] == [["pp.contributor@world.test"]]
    page = client.get(response["Location"])
    assert "Self-assessment 2026/27 is open: 1 provider has a submission." in _body(page)


def test_the_open_form_shows_each_problem_by_its_field_and_saves_nothing(assessment, client_for):
    response = client_for("admin").post(
        OPEN,
        _form(assessment, name="", opens_on="2026-13-40", due_on="", framework_version=""),
    )
    assert response.status_code == 200
    body = _body(response)
    assert "There is a problem" in body
    assert 'href="#id_name"' in body
    assert "Enter a name for the campaign" in body
    assert "Enter the date the campaign opens as a real date" in body
    assert "Enter the date submissions are due" in body
    assert "Choose the framework version" in body
    assert response.context["page_error"]
    assert not Campaign.objects.filter(academic_year=2026).exists()


def test_a_year_already_used_or_an_empty_scope_is_explained_on_its_field(assessment, client_for):
    client = client_for("admin")
    response = client.post(OPEN, _form(assessment, academic_year="2025"))
    assert (
        "There is already a campaign for 2025/26"
        in response.context["form"].errors["academic_year"][0]
    )
    response = client.post(OPEN, _form(assessment, provider_types=["ambulance"]))
    assert "No open placement provider" in response.context["form"].errors["provider_types"][0]
    assert not Campaign.objects.filter(academic_year=2026).exists()


def test_the_due_date_before_the_open_date_is_refused(assessment, client_for):
    response = client_for("admin").post(OPEN, _form(assessment, due_on="2026-08-01"))
    assert "same as or after the open date" in response.context["form"].errors["due_on"][0]


# --- the dashboard ------------------------------------------------------------------------


def test_the_dashboard_counts_every_status_and_lists_every_submission(assessment, client_for):
    Submission.objects.filter(pk=assessment.london.pk).update(
        status=SubmissionStatus.IN_PROGRESS, answered_count=3
    )
    response = client_for("admin").get(_dashboard(assessment.campaign))
    counts = {c["status"]: c["count"] for c in response.context["counts"]}
    assert counts == {
        "not_started": 1,
        "in_progress": 1,
        "with_signatory": 0,
        "submitted": 0,
        "reopened": 0,
    }
    body = _body(response)
    assert "Thameside Hospitals NHS Trust" in body
    assert "Trentbridge Healthcare NHS Trust" in body
    assert "3 of 5" in body
    assert "Extend" in body


def test_the_dashboard_filters_by_region_type_and_status(assessment, client_for):
    client = client_for("admin")
    midlands = Region.objects.get(code="MID")
    rows = client.get(_dashboard(assessment.campaign, f"?region={midlands.pk}")).context["page"]
    assert [s.organisation for s in rows] == [assessment.world.midlands_pp]
    rows = client.get(_dashboard(assessment.campaign, "?provider_type=acute")).context["page"]
    assert [s.organisation for s in rows] == [assessment.world.london_pp]
    Submission.objects.filter(pk=assessment.midlands.pk).update(status=SubmissionStatus.SUBMITTED)
    response = client.get(_dashboard(assessment.campaign, "?status=submitted"))
    assert [s.organisation for s in response.context["page"]] == [assessment.world.midlands_pp]
    # The counts keep every status, so the filter does not hide the others.
    assert sum(c["count"] for c in response.context["counts"]) == 2


def test_a_regional_lead_sees_only_their_region_even_when_asking_for_another(
    assessment, client_for
):
    client = client_for("regional_lead")
    response = client.get(_dashboard(assessment.campaign))
    assert [s.organisation for s in response.context["page"]] == [assessment.world.london_pp]
    assert "Trentbridge" not in _body(response)
    assert "Extend" not in _body(response)
    midlands = Region.objects.get(code="MID")
    response = client.get(_dashboard(assessment.campaign, f"?region={midlands.pk}"))
    # Not a region they can choose: the filter says so, and shows nothing of it.
    assert "Choose a region from the list" in _body(response)
    assert "Trentbridge" not in _body(response)
    csv = b"".join(client.get(_dashboard(assessment.campaign, "?format=csv")).streaming_content)
    assert b"Thameside" in csv and b"Trentbridge" not in csv


def test_the_dashboard_downloads_as_csv_and_excel_with_the_filters(assessment, client_for):
    client = client_for("admin")
    Submission.objects.filter(pk=assessment.london.pk).update(
        due_on=assessment.campaign.due_on + dt.timedelta(days=10), extension_reason="Flooding"
    )
    response = client.get(_dashboard(assessment.campaign, "?format=csv"))
    assert response["Content-Disposition"] == 'attachment; filename="self-assessment-2025.csv"'
    lines = b"".join(response.streaming_content).decode("utf-8-sig").splitlines()
    assert lines[0].startswith("Provider,ODS code,Region,Provider type,Status")
    assert len(lines) == 3
    assert "Flooding" in lines[1] and "Thameside" in lines[1]
    response = client.get(_dashboard(assessment.campaign, "?format=xlsx&provider_type=acute"))
    sheet = load_workbook(BytesIO(response.content))["Data"]
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 2
    assert rows[1][:5] == (
        "Thameside Hospitals NHS Trust",
        "RZZ01",
        "London",
        "Acute",
        "Not started",
    )


def test_the_dashboard_pages_through_many_submissions(assessment, client_for):
    _add_providers(assessment, 60)
    response = client_for("admin").get(_dashboard(assessment.campaign, "?page=2"))
    assert response.context["pagination"]["count"] == 62
    assert len(response.context["page"].object_list) == 12


def test_the_dashboard_makes_the_same_number_of_queries_however_many_submissions(
    assessment, client_for, django_assert_num_queries
):
    for persona in ("admin", "regional_lead"):
        client = client_for(persona)
        with CaptureQueriesContext(connection) as few:
            client.get(_dashboard(assessment.campaign))
        _add_providers(assessment, 40)
        _add_providers(assessment, 5, region="MID")
        with django_assert_num_queries(len(few.captured_queries)):
            response = client.get(_dashboard(assessment.campaign))
        assert len(response.context["page"].object_list) > 40
        assert len(few.captured_queries) <= 14


# --- extensions ---------------------------------------------------------------------------


def _extend_url(submission):
    return reverse("assessments:submission_extend", kwargs={"pk": submission.pk})


def test_an_administrator_gives_a_provider_more_time(assessment, client_for):
    submission = assessment.london
    new = submission.due_on + dt.timedelta(days=21)
    response = client_for("admin").post(
        _extend_url(submission), {"due_on": new.isoformat(), "reason": "New chief nurse"}
    )
    assert response.status_code == 302
    assert response["Location"] == _dashboard(assessment.campaign)
    submission.refresh_from_db()
    assert submission.due_on == new
    assert SubmissionEvent.objects.filter(submission=submission, kind="extended").exists()
    page = client_for("admin").get(_dashboard(assessment.campaign))
    assert "New chief nurse" in _body(page)


def test_an_extension_form_with_problems_says_what_is_wrong(assessment, client_for):
    submission = assessment.london
    response = client_for("admin").post(
        _extend_url(submission), {"due_on": submission.due_on.isoformat(), "reason": ""}
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "Enter why the provider is given an extension" in errors["reason"]
    # The date is checked by the service once the form itself is complete.
    response = client_for("admin").post(
        _extend_url(submission), {"due_on": submission.due_on.isoformat(), "reason": "Why"}
    )
    assert "must be after the current one" in response.context["form"].errors["due_on"][0]
    assert "There is a problem" in _body(response)
    submission.refresh_from_db()
    assert submission.due_on == assessment.campaign.due_on


def test_a_submitted_provider_is_not_offered_an_extension(assessment, client_for):
    Submission.objects.filter(pk=assessment.london.pk).update(status=SubmissionStatus.SUBMITTED)
    response = client_for("admin").post(
        _extend_url(assessment.london), {"due_on": "2030-01-01", "reason": "Why"}
    )
    assert response.status_code == 200
    assert "already submitted" in _body(response)
    assessment.london.refresh_from_db()
    assert assessment.london.due_on == assessment.campaign.due_on

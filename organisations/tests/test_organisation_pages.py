"""The organisation list and page show each person what their roles reach, quickly."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from organisations.kinds import OrganisationKind
from organisations.models import Organisation, ProviderType, Region

LIST = reverse("organisations:list")


def _sheet(content: bytes):
    sheet = load_workbook(io.BytesIO(content)).active
    assert sheet is not None
    return sheet


def _names(response):
    return [org.name for org in response.context["page"].object_list]


def test_an_administrator_sees_organisations_in_every_region(world, client_for):
    names = _names(client_for("admin").get(LIST))
    assert {"Thameside Hospitals NHS Trust", "Trentbridge Healthcare NHS Trust"} <= set(names)


def test_a_regional_lead_sees_only_their_region(world, client_for):
    names = _names(client_for("regional_lead").get(LIST))
    assert "Thameside Hospitals NHS Trust" in names
    assert "Trentbridge Healthcare NHS Trust" not in names
    assert "Trentbridge University" not in names


def test_a_provider_sees_only_itself(world, client_for):
    assert _names(client_for("ep_lead").get(LIST)) == ["University of Thameside"]
    assert _names(client_for("pp_executive").get(LIST)) == ["Thameside Hospitals NHS Trust"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("q=thameside", {"University of Thameside", "Thameside Hospitals NHS Trust"}),
        ("q=RZZ02", {"Trentbridge Healthcare NHS Trust"}),
        ("q=10000002", {"Trentbridge University"}),
        ("kind=education_provider&region=MID", {"Trentbridge University"}),
        ("provider_type=mental_health", {"Trentbridge Healthcare NHS Trust"}),
    ],
)
def test_search_and_filters_narrow_the_list(world, client_for, query, expected):
    assert set(_names(client_for("admin").get(f"{LIST}?{query}"))) == expected


def test_closed_organisations_can_be_filtered_and_are_labelled(world, client_for):
    Organisation.objects.filter(pk=world.midlands_pp.pk).update(status="closed")
    response = client_for("admin").get(f"{LIST}?status=closed")
    assert _names(response) == ["Trentbridge Healthcare NHS Trust"]
    assert "Closed" in response.content.decode()


def test_the_list_downloads_as_csv_and_excel_with_the_same_filters(world, client_for):
    client = client_for("regional_lead")
    csv_body = b"".join(client.get(f"{LIST}?kind=placement_provider&format=csv").streaming_content)
    lines = csv_body.decode("utf-8-sig").strip().splitlines()
    assert lines[0].startswith("Name,Type,ODS code,UKPRN")
    assert len(lines) == 2 and lines[1].startswith("Thameside Hospitals NHS Trust,")
    xlsx = client.get(f"{LIST}?format=xlsx")
    rows = list(_sheet(xlsx.content).iter_rows(values_only=True))
    assert rows[0][0] == "Name"
    assert {row[0] for row in rows[1:]} == {
        "University of Thameside",
        "Thameside Hospitals NHS Trust",
        "NHS England Workforce, Training and Education, London",
    }


def _add_trusts(count: int, start: int) -> None:
    london = Region.objects.get(code="LON")
    Organisation.objects.bulk_create(
        Organisation(
            kind=OrganisationKind.PLACEMENT_PROVIDER,
            name=f"Trust {n:04d}",
            ods_code=f"Q{n:04d}",
            provider_type=ProviderType.COMMUNITY,
            region=london,
        )
        for n in range(start, start + count)
    )


def test_the_list_page_makes_the_same_number_of_queries_however_many_organisations(
    world, client_for, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for("regional_lead")
    _add_trusts(10, 0)
    with CaptureQueriesContext(connection) as few:
        client.get(LIST)
    _add_trusts(200, 100)
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(LIST)
    assert response.context["pagination"]["count"] == 210 + 3
    assert len(few.captured_queries) <= 12


def test_an_organisation_page_shows_sites_commissions_and_people(world, client_for):
    client = client_for("regional_lead")
    trust = client.get(reverse("organisations:detail", args=[world.london_pp.pk])).content.decode()
    assert "Thameside General Hospital" in trust
    assert "Pp Executive" in trust and "Executive signatory" in trust
    university = client.get(reverse("organisations:detail", args=[world.london_ep.pk]))
    body = university.content.decode()
    assert "2025/26" in body and "Pre-registration nursing (adult)" in body and "120" in body


def test_an_organisation_page_is_not_found_outside_the_users_scope(world, client_for):
    url = reverse("organisations:detail", args=[world.midlands_ep.pk])
    assert client_for("regional_lead").get(url).status_code == 404
    assert client_for("ep_lead").get(url).status_code == 404
    assert client_for("admin").get(url).status_code == 200

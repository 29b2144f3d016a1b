"""The programme list shows every programme with the places each user can see."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from programmes.models import Programme

LIST = reverse("programmes:list")


def _row(response, code):
    return next(p for p in response.context["programmes"] if p.code == code)


def test_every_programme_from_the_reference_file_is_listed(world, client_for):
    response = client_for("pp_contributor").get(LIST)
    assert len(response.context["programmes"]) == Programme.objects.count() >= 20


def test_places_count_only_commissions_the_user_can_see(world, client_for):
    admin = _row(client_for("admin").get(LIST), "NURS-ADULT")
    lead = _row(client_for("regional_lead").get(LIST), "NURS-ADULT")
    trust = _row(client_for("pp_contributor").get(LIST), "NURS-ADULT")
    assert (admin.places, admin.provider_count) == (200, 2)
    assert (lead.places, lead.provider_count) == (120, 1)
    assert (trust.places or 0, trust.provider_count) == (0, 0)


def test_filtering_by_year_and_group(world, client_for):
    response = client_for("admin").get(f"{LIST}?year=2025&group=community_nursing")
    codes = {p.code for p in response.context["programmes"]}
    assert codes == {"COMM-HV", "COMM-SN", "COMM-DN"}
    assert response.context["year_label"] == "2025/26"


def test_a_year_with_no_commissions_is_refused_with_a_message(world, client_for):
    response = client_for("admin").get(f"{LIST}?year=1990")
    body = response.content.decode()
    assert "There is a problem" in body and "Select a valid choice" in body
    assert response.context["page_error"] is True


def test_the_list_downloads_as_csv(world, client_for):
    body = b"".join(
        client_for("admin").get(f"{LIST}?q=nursing+(adult)&format=csv").streaming_content
    )
    lines = body.decode("utf-8-sig").strip().splitlines()
    assert lines == [
        "Code,Programme,Profession,Group,Education providers,Places",
        "NURS-ADULT,Pre-registration nursing (adult),Nursing,Pre-registration,2,200",
    ]


def test_the_number_of_queries_does_not_grow_with_commissions(world, client_for):
    from organisations.models import Organisation
    from programmes.services import commission_set

    client = client_for("admin")
    with CaptureQueriesContext(connection) as before:
        client.get(LIST)
    for programme in Programme.objects.all()[:10]:
        for year in (2021, 2022, 2023):
            commission_set(
                actor=None,
                education_provider=Organisation.objects.get(pk=world.london_ep.pk),
                programme=programme,
                academic_year=year,
                places=30,
            )
    with CaptureQueriesContext(connection) as after:
        client.get(LIST)
    assert len(after.captured_queries) == len(before.captured_queries) <= 8

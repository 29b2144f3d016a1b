"""Administrators can read, filter and download the audit trail."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core import clock
from organisations.services import organisation_update

URL = reverse("web:audit_log")


def test_a_change_appears_with_who_when_and_before_and_after(world, client_for):
    organisation_update(actor=world.user("admin"), organisation=world.london_pp, postcode="N1 9GU")
    body = client_for("admin").get(f"{URL}?q=Thameside+Hospitals").content.decode()
    assert "Admin" in body and "SE1 1AA" in body and "N1 9GU" in body and "Update" in body


def test_filters_by_person_and_record_type(world, client_for):
    organisation_update(actor=world.user("admin"), organisation=world.london_pp, postcode="N1 9GU")
    client = client_for("admin")
    by_admin = client.get(f"{URL}?actor=admin@world").context["page"].object_list
    assert by_admin and all(entry.actor_id == world.user("admin").pk for entry in by_admin)
    nobody = client.get(f"{URL}?actor=nobody-at-all").context["page"].object_list
    assert list(nobody) == []


def test_a_from_date_after_the_to_date_is_an_error_naming_the_field(world, client_for):
    response = client_for("admin").get(f"{URL}?date_from=2026-02-02&date_to=2026-01-01")
    body = response.content.decode()
    assert "There is a problem" in body
    assert "The to date must be the same as or after the from date" in body
    assert 'href="#id_date_to"' in body


@pytest.mark.date_sensitive
def test_the_trail_downloads_as_csv_one_row_per_changed_field(world, client_for):
    organisation_update(actor=world.user("admin"), organisation=world.london_pp, postcode="N1 9GU")
    today = clock.today().isoformat()
    response = client_for("admin").get(f"{URL}?q=Thameside+Hospitals&date_from={today}&format=csv")
    lines = b"".join(response.streaming_content).decode("utf-8-sig").splitlines()
    assert lines[0] == "When,Who,Record type,Record,Change,Field,Before,After"
    assert any("Postcode,SE1 1AA,N1 9GU" in line for line in lines)


def test_the_page_makes_the_same_number_of_queries_however_long_the_trail(world, client_for):
    client = client_for("admin")
    with CaptureQueriesContext(connection) as before:
        client.get(URL)
    for n in range(60):
        organisation_update(actor=world.user("admin"), organisation=world.london_pp, name=f"T{n}")
    # Counted from the same start: the record-type filter's content types are cached by
    # Django after the first request.
    ContentType.objects.clear_cache()
    with CaptureQueriesContext(connection) as after:
        client.get(URL)
    assert len(after.captured_queries) == len(before.captured_queries) <= 10

"""Administrators find people in the list and invite them."""

from __future__ import annotations

from io import BytesIO

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from access import services
from access.models import Membership
from access.roles import Role
from access.testing import World
from access.tests.people_pages import INVITE, PEOPLE, ClientFor, add_people, names, page_text, title
from accounts.models import User
from organisations.models import Organisation


def test_the_list_links_to_each_person_and_offers_an_invitation(
    client_for: ClientFor, world: World
) -> None:
    html = page_text(client_for("admin").get(PEOPLE))

    assert f'href="{reverse("access:person", args=[world.user("ep_lead").pk])}"' in html
    assert f'href="{INVITE}"' in html
    assert "Education provider lead at University of Thameside" in html


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("q=contributor", ["Pp Contributor"]),
        ("q=PANEL%40world", ["Panel Member"]),
        ("role=pp_executive", ["Pp Executive"]),
        ("organisation=University+of+Thameside", ["Ep Lead"]),
        ("organisation=rzz01", ["Panel Member", "Pp Contributor", "Pp Executive"]),
        ("organisation=RZZ01&role=panel_member", ["Panel Member"]),
        ("organisation=Trentbridge", []),
        ("role=ep_lead&organisation=RZZ01", []),
    ],
)
def test_people_can_be_found_by_name_email_role_and_organisation(
    client_for: ClientFor, query: str, expected: list[str]
) -> None:
    response = client_for("admin").get(f"{PEOPLE}?{query}")

    assert names(response) == expected


def test_people_can_be_filtered_by_status(
    client_for: ClientFor, world: World, django_capture_on_commit_callbacks
) -> None:
    admin = world.user("admin")
    with django_capture_on_commit_callbacks(execute=True):
        services.user_invite(
            actor=admin,
            email="new@world.test",
            full_name="Newly Invited",
            organisation=world.london_pp,
            role=Role.PANEL_MEMBER,
        )
    services.user_set_active(actor=admin, user=world.user("no_role"), active=False)
    client = client_for("admin")

    assert names(client.get(f"{PEOPLE}?status=invited")) == ["Newly Invited"]
    assert names(client.get(f"{PEOPLE}?status=switched_off")) == ["No Role"]
    active = names(client.get(f"{PEOPLE}?status=active"))
    assert "Newly Invited" not in active
    assert "No Role" not in active
    assert "Admin" in active


def test_the_list_is_paged(client_for: ClientFor, world: World) -> None:
    add_people(world, 55)
    client = client_for("admin")

    first = client.get(PEOPLE)
    second = client.get(f"{PEOPLE}?page=2")

    assert len(first.context["rows"]) == 50
    assert "Showing 1 to 50 of 64 people" in page_text(first)
    assert len(second.context["rows"]) == 14
    assert "page=2" in page_text(first)


def test_the_list_downloads_as_csv_and_excel_with_the_filters_applied(
    client_for: ClientFor,
) -> None:
    client = client_for("admin")

    csv_response = client.get(f"{PEOPLE}?role=ep_lead&format=csv")
    body = b"".join(csv_response.streaming_content).decode("utf-8-sig")  # type: ignore[attr-defined]  # the download is a streaming response
    xlsx_response = client.get(f"{PEOPLE}?format=xlsx")

    lines = body.strip().splitlines()
    assert lines[0].startswith("Name,E-mail address,Status,Roles")
    assert len(lines) == 2
    assert lines[1].startswith("Ep Lead,ep.lead@world.test,Active,")
    sheet = load_workbook(BytesIO(xlsx_response.content)).active
    assert sheet is not None
    assert sheet.max_row == 1 + User.objects.count()


def test_the_number_of_queries_does_not_grow_with_the_number_of_people(
    client_for: ClientFor, world: World
) -> None:
    client = client_for("admin")
    add_people(world, 10)
    with CaptureQueriesContext(connection) as few:
        assert client.get(PEOPLE).status_code == 200
    add_people(world, 30, start=10)
    with CaptureQueriesContext(connection) as many:
        response = client.get(PEOPLE)

    assert len(response.context["rows"]) == 49
    assert len(many.captured_queries) == len(few.captured_queries)


# Inviting


def _invite_data(world: World, **overrides: str) -> dict[str, str]:
    return {
        "full_name": "Priya Shah",
        "email": "priya.shah@thameside.test",
        "organisation": "RZZ01",
        "role": "pp_contributor",
    } | overrides


def test_an_invitation_creates_the_person_and_emails_them(
    client_for: ClientFor, world: World, django_capture_on_commit_callbacks
) -> None:
    client = client_for("admin")

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(INVITE, _invite_data(world))

    person = User.objects.get(email="priya.shah@thameside.test")
    assert response.status_code == 302
    assert response["Location"] == reverse("access:person", args=[person.pk])
    assert person.memberships.get().organisation == world.london_pp
    assert len(mail.outbox) == 1
    page = client.get(response["Location"])
    assert "We have e-mailed priya.shah@thameside.test a link" in page_text(page)
    assert "Send the invitation again" in page_text(page)


@pytest.mark.parametrize(
    "organisation",
    ["University of Thameside", "university of thameside", "10000001", "sity of Thames"],
)
def test_the_organisation_can_be_given_by_code_or_name(
    client_for: ClientFor,
    world: World,
    django_capture_on_commit_callbacks,
    organisation: str,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for("admin").post(
            INVITE, _invite_data(world, organisation=organisation, role="ep_lead")
        )

    assert response.status_code == 302
    assert Membership.objects.get(user__email="priya.shah@thameside.test").organisation == (
        world.london_ep
    )


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"email": "priya"}, "email", "Enter an e-mail address in the correct format"),
        ({"full_name": ""}, "full_name", "Enter the person&#39;s full name"),
        ({"organisation": ""}, "organisation", "Enter the organisation&#39;s code or name"),
        ({"organisation": "Nowhere Trust"}, "organisation", "No organisation has the code or name"),
        (
            {"organisation": "Thameside"},
            "organisation",
            "More than one organisation matches “Thameside”: Thameside Hospitals NHS Trust "
            "(RZZ01); University of Thameside (10000001). Enter the code",
        ),
        ({"role": ""}, "role", "Choose a role"),
        (
            {"role": "ep_lead"},
            "role",
            "An education provider lead must belong to an education provider, "
            "and Thameside Hospitals NHS Trust is a placement provider",
        ),
        (
            {"email": "pp.contributor@world.test"},
            "role",
            "Pp Contributor is already a placement provider contributor at "
            "Thameside Hospitals NHS Trust",
        ),
    ],
)
def test_a_bad_invitation_shows_each_error_and_saves_nothing(
    client_for: ClientFor,
    world: World,
    django_capture_on_commit_callbacks,
    overrides: dict[str, str],
    field: str,
    message: str,
) -> None:
    users, memberships = User.objects.count(), Membership.objects.count()

    with django_capture_on_commit_callbacks(execute=True):
        response = client_for("admin").post(INVITE, _invite_data(world, **overrides))

    html = page_text(response)
    assert response.status_code == 200
    assert title(response).startswith("Error:")
    assert "nhsuk-error-summary" in html
    assert f'href="#id_{field}"' in html
    assert html.count(message) == 2  # in the summary and beside the field
    assert (User.objects.count(), Membership.objects.count()) == (users, memberships)
    assert mail.outbox == []


def test_a_closed_organisation_is_refused_on_the_invitation_page(
    client_for: ClientFor, world: World
) -> None:
    Organisation.objects.filter(pk=world.london_pp.pk).update(status="closed")

    response = client_for("admin").post(INVITE, _invite_data(world))

    assert "Thameside Hospitals NHS Trust is closed" in page_text(response)
    assert not User.objects.filter(email="priya.shah@thameside.test").exists()


def test_inviting_someone_who_has_an_account_gives_them_the_role(
    client_for: ClientFor, world: World, django_capture_on_commit_callbacks
) -> None:
    client = client_for("admin")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            INVITE, _invite_data(world, email="EP.Lead@world.test", role="panel_member")
        )

    assert response.status_code == 302
    assert "already had an account" in page_text(client.get(response["Location"]))
    assert mail.outbox == []


# One person's page


def test_an_empty_invitation_shows_what_is_missing_rather_than_a_blank_form(client_for) -> None:
    before = User.objects.count()
    response = client_for("admin").post(INVITE, {})
    assert response.status_code == 200
    assert response.context["page_error"]
    assert set(response.context["form"].errors) >= {"email", "role"}
    assert "There is a problem" in response.content.decode()
    assert User.objects.count() == before

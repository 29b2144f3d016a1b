"""Administrators find people, invite them, and change their roles and accounts."""

from __future__ import annotations

import re
from collections.abc import Callable
from io import BytesIO

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from access import services
from access.models import Membership
from access.roles import Role
from access.testing import World
from accounts.models import User
from organisations.models import Organisation

PEOPLE = reverse("access:people")
INVITE = reverse("access:people_invite")
ClientFor = Callable[[str], Client]


def _html(response) -> str:
    return response.content.decode()


def _title(response) -> str:
    match = re.search(r"<title>\s*(.*?)\s*</title>", _html(response), re.S)
    assert match
    return match.group(1)


def _names(response) -> list[str]:
    return [row["person"].full_name for row in response.context["rows"]]


def _add_people(world: World, count: int, start: int = 0) -> None:
    for number in range(start, start + count):
        person = User.objects.create_user(
            email=f"person{number}@many.test", full_name=f"Many Person {number:03d}"
        )
        Membership.objects.create(
            user=person, organisation=world.london_pp, role=Role.PP_CONTRIBUTOR
        )
        Membership.objects.create(user=person, organisation=world.london_ep, role=Role.EP_LEAD)


# The list


def test_the_list_links_to_each_person_and_offers_an_invitation(
    client_for: ClientFor, world: World
) -> None:
    html = _html(client_for("admin").get(PEOPLE))

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

    assert _names(response) == expected


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

    assert _names(client.get(f"{PEOPLE}?status=invited")) == ["Newly Invited"]
    assert _names(client.get(f"{PEOPLE}?status=switched_off")) == ["No Role"]
    active = _names(client.get(f"{PEOPLE}?status=active"))
    assert "Newly Invited" not in active
    assert "No Role" not in active
    assert "Admin" in active


def test_the_list_is_paged(client_for: ClientFor, world: World) -> None:
    _add_people(world, 55)
    client = client_for("admin")

    first = client.get(PEOPLE)
    second = client.get(f"{PEOPLE}?page=2")

    assert len(first.context["rows"]) == 50
    assert "Showing 1 to 50 of 63 people" in _html(first)
    assert len(second.context["rows"]) == 13
    assert "page=2" in _html(first)


def test_the_list_downloads_as_csv_and_excel_with_the_filters_applied(
    client_for: ClientFor,
) -> None:
    client = client_for("admin")

    csv_response = client.get(f"{PEOPLE}?role=ep_lead&format=csv")
    body = b"".join(csv_response.streaming_content).decode("utf-8-sig")  # type: ignore[attr-defined]
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
    _add_people(world, 10)
    with CaptureQueriesContext(connection) as few:
        assert client.get(PEOPLE).status_code == 200
    _add_people(world, 30, start=10)
    with CaptureQueriesContext(connection) as many:
        response = client.get(PEOPLE)

    assert len(response.context["rows"]) == 48
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
    assert "We have e-mailed priya.shah@thameside.test a link" in _html(page)
    assert "Send the invitation again" in _html(page)


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

    html = _html(response)
    assert response.status_code == 200
    assert _title(response).startswith("Error:")
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

    assert "Thameside Hospitals NHS Trust is closed" in _html(response)
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
    assert "already had an account" in _html(client.get(response["Location"]))
    assert mail.outbox == []


# One person's page


def test_the_person_page_shows_details_roles_and_recent_changes(
    client_for: ClientFor, world: World
) -> None:
    admin, lead = world.user("admin"), world.user("ep_lead")
    services.membership_add(
        actor=admin, user=lead, organisation=world.london_pp, role=Role.PANEL_MEMBER
    )
    removed = lead.memberships.get(role=Role.PANEL_MEMBER)
    services.membership_remove(actor=admin, membership=removed)
    services.user_update(actor=admin, user=lead, full_name="Grace Ogunleye")

    response = client_for("admin").get(reverse("access:person", args=[lead.pk]))

    html = _html(response)
    assert "<h1>Grace Ogunleye</h1>" in html
    assert "ep.lead@world.test" in html
    own = lead.memberships.get()
    assert reverse("access:membership_remove", args=[own.pk]) in html
    whats = [row["what"] for row in response.context["history"]]
    assert whats[0].startswith("Update user")
    assert whats[1] == (
        "Delete membership: Ep Lead – Review panel member at Thameside Hospitals NHS Trust"
    )
    assert whats[2].startswith("Create membership")
    assert response.context["history"][0]["changes"] == ["Full name: Ep Lead → Grace Ogunleye"]
    assert response.context["history"][0]["who"] == "Admin"
    assert "Send the invitation again" not in html


def test_the_person_page_lists_changes_the_person_made(client_for: ClientFor, world: World) -> None:
    admin = world.user("admin")
    services.user_update(actor=admin, user=world.user("no_role"), full_name="Somebody New")

    response = client_for("admin").get(reverse("access:person", args=[admin.pk]))

    assert any("Somebody New" in c for row in response.context["history"] for c in row["changes"])


def test_the_person_page_needs_the_same_queries_however_long_the_history(
    client_for: ClientFor, world: World
) -> None:
    admin, lead = world.user("admin"), world.user("ep_lead")
    url = reverse("access:person", args=[lead.pk])
    client = client_for("admin")
    client.get(url)  # warm the content type cache
    services.user_update(actor=admin, user=lead, full_name="Name 0")
    with CaptureQueriesContext(connection) as short:
        client.get(url)
    for number in range(1, 30):
        services.user_update(actor=admin, user=lead, full_name=f"Name {number}")
    with CaptureQueriesContext(connection) as long:
        response = client.get(url)

    assert len(response.context["history"]) == 20
    assert len(long.captured_queries) == len(short.captured_queries)


def test_a_person_who_does_not_exist_is_not_found(client_for: ClientFor) -> None:
    assert client_for("admin").get(reverse("access:person", args=[999999])).status_code == 404


def test_a_name_can_be_corrected(client_for: ClientFor, world: World) -> None:
    lead = world.user("ep_lead")
    url = reverse("access:person_edit", args=[lead.pk])
    client = client_for("admin")

    assert "Ep Lead" in _html(client.get(url))
    empty = client.post(url, {"full_name": " "})
    response = client.post(url, {"full_name": "Grace Ogunleye"})

    assert _title(empty).startswith("Error:")
    assert response.status_code == 302
    lead.refresh_from_db()
    assert lead.full_name == "Grace Ogunleye"


# Adding and removing roles


def test_a_role_can_be_added_from_the_person_page(client_for: ClientFor, world: World) -> None:
    lead = world.user("ep_lead")
    client = client_for("admin")
    page = _html(client.get(reverse("access:person", args=[lead.pk])))
    assert f'action="{reverse("access:person_add_role", args=[lead.pk])}"' in page

    response = client.post(
        reverse("access:person_add_role", args=[lead.pk]),
        {"organisation": "RZZ02", "role": "panel_member"},
    )

    assert response.status_code == 302
    assert lead.memberships.filter(organisation=world.midlands_pp, role="panel_member").exists()


def test_a_role_that_does_not_fit_is_refused_on_the_add_role_page(
    client_for: ClientFor, world: World
) -> None:
    lead = world.user("ep_lead")

    response = client_for("admin").post(
        reverse("access:person_add_role", args=[lead.pk]),
        {"organisation": "RZZ02", "role": "quality_admin"},
    )

    html = _html(response)
    assert _title(response).startswith("Error:")
    assert "A quality administrator must belong to a national education body" in html
    assert lead.memberships.count() == 1


def test_removing_a_role_asks_first_then_removes_it(client_for: ClientFor, world: World) -> None:
    membership = world.user("panel_member").memberships.get()
    url = reverse("access:membership_remove", args=[membership.pk])
    client = client_for("admin")

    confirm = client.get(url)
    assert "Remove this role?" in _html(confirm)
    assert Membership.objects.filter(pk=membership.pk).exists()

    response = client.post(url)

    assert response.status_code == 302
    assert not Membership.objects.filter(pk=membership.pk).exists()
    assert "is no longer review panel member" in _html(client.get(response["Location"]))


def test_an_administrator_cannot_remove_their_own_last_administrator_role(
    client_for: ClientFor, world: World
) -> None:
    admin = world.user("admin")
    membership = admin.memberships.get()
    url = reverse("access:membership_remove", args=[membership.pk])
    client = client_for("admin")

    page = _html(client.get(reverse("access:person", args=[admin.pk])))
    assert url not in page
    assert "Your last administrator role" in page
    assert "Remove role" not in _html(client.get(url))

    response = client.post(url)

    assert response.status_code == 200
    assert _title(response).startswith("Error:")
    assert "You cannot remove your own last administrator role" in _html(response)
    assert Membership.objects.filter(pk=membership.pk).exists()


# Switching accounts off and on, and resending invitations


def test_an_account_can_be_switched_off_and_on_after_confirming(
    client_for: ClientFor, world: World
) -> None:
    lead = world.user("ep_lead")
    client = client_for("admin")
    off_url = reverse("access:person_switch_off", args=[lead.pk])

    assert "Switch off Ep Lead" in _html(client.get(off_url))
    lead.refresh_from_db()
    assert lead.is_active

    client.post(off_url)
    lead.refresh_from_db()
    assert not lead.is_active
    page = _html(client.get(reverse("access:person", args=[lead.pk])))
    assert "Account switched off" in page

    client.post(reverse("access:person_switch_on", args=[lead.pk]))
    lead.refresh_from_db()
    assert lead.is_active


def test_a_switched_off_person_is_signed_out(client_for: ClientFor, world: World) -> None:
    lead_client = client_for("ep_lead")
    client_for("admin").post(reverse("access:person_switch_off", args=[world.user("ep_lead").pk]))

    response = lead_client.get(reverse("organisations:list"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:sign_in"))


def test_an_administrator_cannot_switch_off_their_own_account(
    client_for: ClientFor, world: World
) -> None:
    admin = world.user("admin")
    url = reverse("access:person_switch_off", args=[admin.pk])
    client = client_for("admin")

    assert url not in _html(client.get(reverse("access:person", args=[admin.pk])))
    response = client.post(url)

    assert _title(response).startswith("Error:")
    assert "You cannot switch off your own account" in _html(response)
    admin.refresh_from_db()
    assert admin.is_active


def test_an_invitation_can_be_sent_again_until_a_password_is_set(
    client_for: ClientFor, world: World, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        person = services.user_invite(
            actor=world.user("admin"),
            email="new@world.test",
            full_name="New Person",
            organisation=world.london_pp,
            role=Role.PANEL_MEMBER,
        )
    client = client_for("admin")

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("access:person_resend_invitation", args=[person.pk]))

    assert response.status_code == 302
    assert len(mail.outbox) == 2
    page = client.get(response["Location"])
    assert "a new link to set a password" in _html(page)
    assert page.context["history"][0]["changes"] == ["Invitation: sent again"]


def test_resending_needs_a_post_and_a_pending_invitation(
    client_for: ClientFor, world: World
) -> None:
    lead = world.user("ep_lead")
    url = reverse("access:person_resend_invitation", args=[lead.pk])
    client = client_for("admin")

    assert client.get(url).status_code == 405
    response = client.post(url, follow=True)

    assert "already set a password" in _html(response)
    assert mail.outbox == []


# Only administrators


@pytest.mark.parametrize("persona", ["regional_lead", "ep_lead", "no_role"])
def test_confirmation_and_form_pages_are_not_found_for_anyone_else(
    client_for: ClientFor, world: World, persona: str
) -> None:
    lead = world.user("ep_lead")
    client = client_for(persona)
    urls = [
        reverse("access:person_add_role", args=[lead.pk]),
        reverse("access:person_switch_off", args=[lead.pk]),
        reverse("access:person_switch_on", args=[lead.pk]),
        reverse("access:membership_remove", args=[lead.memberships.get().pk]),
    ]

    assert [client.get(url).status_code for url in urls] == [404] * len(urls)


def test_an_empty_invitation_shows_what_is_missing_rather_than_a_blank_form(client_for) -> None:
    before = User.objects.count()
    response = client_for("admin").post(INVITE, {})
    assert response.status_code == 200
    assert response.context["page_error"]
    assert set(response.context["form"].errors) >= {"email", "role"}
    assert "There is a problem" in response.content.decode()
    assert User.objects.count() == before

"""Administrators change a person's name, roles and account from the person's page."""

from __future__ import annotations

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from access import services
from access.models import Membership
from access.roles import Role
from access.testing import World
from access.tests.people_pages import ClientFor, page_text, title


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

    html = page_text(response)
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

    assert "Ep Lead" in page_text(client.get(url))
    empty = client.post(url, {"full_name": " "})
    response = client.post(url, {"full_name": "Grace Ogunleye"})

    assert title(empty).startswith("Error:")
    assert response.status_code == 302
    lead.refresh_from_db()
    assert lead.full_name == "Grace Ogunleye"


# Adding and removing roles


def test_a_role_can_be_added_from_the_person_page(client_for: ClientFor, world: World) -> None:
    lead = world.user("ep_lead")
    client = client_for("admin")
    page = page_text(client.get(reverse("access:person", args=[lead.pk])))
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

    html = page_text(response)
    assert title(response).startswith("Error:")
    assert "A quality administrator must belong to a national education body" in html
    assert lead.memberships.count() == 1


def test_removing_a_role_asks_first_then_removes_it(client_for: ClientFor, world: World) -> None:
    membership = world.user("panel_member").memberships.get()
    url = reverse("access:membership_remove", args=[membership.pk])
    client = client_for("admin")

    confirm = client.get(url)
    assert "Remove this role?" in page_text(confirm)
    assert Membership.objects.filter(pk=membership.pk).exists()

    response = client.post(url)

    assert response.status_code == 302
    assert not Membership.objects.filter(pk=membership.pk).exists()
    assert "is no longer review panel member" in page_text(client.get(response["Location"]))


def test_an_administrator_cannot_remove_their_own_last_administrator_role(
    client_for: ClientFor, world: World
) -> None:
    admin = world.user("admin")
    membership = admin.memberships.get()
    url = reverse("access:membership_remove", args=[membership.pk])
    client = client_for("admin")

    page = page_text(client.get(reverse("access:person", args=[admin.pk])))
    assert url not in page
    assert "Your last administrator role" in page
    assert "Remove role" not in page_text(client.get(url))

    response = client.post(url)

    assert response.status_code == 200
    assert title(response).startswith("Error:")
    assert "You cannot remove your own last administrator role" in page_text(response)
    assert Membership.objects.filter(pk=membership.pk).exists()


# Switching accounts off and on, and resending invitations


def test_an_account_can_be_switched_off_and_on_after_confirming(
    client_for: ClientFor, world: World
) -> None:
    lead = world.user("ep_lead")
    client = client_for("admin")
    off_url = reverse("access:person_switch_off", args=[lead.pk])

    assert "Switch off Ep Lead" in page_text(client.get(off_url))
    lead.refresh_from_db()
    assert lead.is_active

    client.post(off_url)
    lead.refresh_from_db()
    assert not lead.is_active
    page = page_text(client.get(reverse("access:person", args=[lead.pk])))
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

    assert url not in page_text(client.get(reverse("access:person", args=[admin.pk])))
    response = client.post(url)

    assert title(response).startswith("Error:")
    assert "You cannot switch off your own account" in page_text(response)
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
    assert "a new link to set a password" in page_text(page)
    assert page.context["history"][0]["changes"] == ["Invitation: sent again"]


def test_resending_needs_a_post_and_a_pending_invitation(
    client_for: ClientFor, world: World
) -> None:
    lead = world.user("ep_lead")
    url = reverse("access:person_resend_invitation", args=[lead.pk])
    client = client_for("admin")

    assert client.get(url).status_code == 405
    response = client.post(url, follow=True)

    assert "already set a password" in page_text(response)
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

"""Signing in and out, lockout after repeated failures, and password reset by e-mail."""

from __future__ import annotations

import re
from urllib.parse import urlparse

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from accounts.models import User
from core.testing.access import World
from core.testing.mail import committed
from core.testing.personas import PASSWORD

SIGN_IN = reverse("accounts:sign_in")
NEW_PASSWORD = "quiet-harbour-violin-58"


def _title(response) -> str:
    match = re.search(r"<title>\s*(.*?)\s*</title>", response.content.decode(), re.S)
    assert match
    return match.group(1)


def _signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def test_correct_details_sign_in_and_land_on_home(world: World) -> None:
    client = Client()

    response = client.post(SIGN_IN, {"username": "ep.lead@world.test", "password": PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == reverse("web:home")
    assert _signed_in(client)
    assert "Welcome, Ep" in client.get(reverse("web:home")).content.decode()


def test_a_wrong_password_shows_an_error_summary_and_an_error_title(world: World) -> None:
    client = Client()

    response = client.post(SIGN_IN, {"username": "ep.lead@world.test", "password": "wrong"})

    html = response.content.decode()
    assert response.status_code == 200
    assert "nhsuk-error-summary" in html
    assert "Enter a correct e-mail address and password" in html
    assert _title(response).startswith("Error:")
    assert not _signed_in(client)


def test_the_sign_in_page_title_has_no_error_before_a_mistake(world: World) -> None:
    assert not _title(Client().get(SIGN_IN)).startswith("Error:")


def test_the_email_address_is_not_case_sensitive(world: World) -> None:
    client = Client()

    response = client.post(SIGN_IN, {"username": " EP.Lead@World.TEST ", "password": PASSWORD})

    assert response.status_code == 302
    assert _signed_in(client)


def test_a_switched_off_account_cannot_sign_in(world: World) -> None:
    # Switched off as an administrator would (access.services.user_set_active, tested there).
    User.objects.filter(pk=world.user("ep_lead").pk).update(is_active=False)
    client = Client()

    response = client.post(SIGN_IN, {"username": "ep.lead@world.test", "password": PASSWORD})

    assert response.status_code == 200
    assert "Enter a correct e-mail address and password" in response.content.decode()
    assert not _signed_in(client)


def test_five_failures_lock_the_account_even_for_the_right_password(world: World, settings) -> None:
    settings.AXES_FAILURE_LIMIT = 5
    client = Client()
    for _ in range(4):
        response = client.post(SIGN_IN, {"username": "ep.lead@world.test", "password": "guess"})
        assert response.status_code == 200
    fifth = client.post(SIGN_IN, {"username": "ep.lead@world.test", "password": "guess"})
    assert fifth.status_code == 429

    response = client.post(SIGN_IN, {"username": "ep.lead@world.test", "password": PASSWORD})

    assert response.status_code == 429
    assert "Your account is locked" in response.content.decode()
    assert not _signed_in(client)


def test_four_failures_do_not_lock_the_account(world: World, settings) -> None:
    settings.AXES_FAILURE_LIMIT = 5
    client = Client()
    for _ in range(4):
        client.post(SIGN_IN, {"username": "ep.lead@world.test", "password": "guess"})

    response = client.post(SIGN_IN, {"username": "ep.lead@world.test", "password": PASSWORD})

    assert response.status_code == 302
    assert _signed_in(client)


def test_signing_out_needs_a_post(world: World, client_for) -> None:
    client = client_for("ep_lead")

    assert client.get(reverse("accounts:sign_out")).status_code == 405
    assert _signed_in(client)

    response = client.post(reverse("accounts:sign_out"))

    assert response.status_code == 302
    assert not _signed_in(client)


def test_a_reset_for_an_unknown_address_looks_the_same_and_sends_nothing(world: World) -> None:
    response = Client().post(
        reverse("accounts:reset_request"), {"email": "stranger@nowhere.test"}, follow=True
    )

    assert response.redirect_chain[-1][0] == reverse("accounts:reset_sent")
    assert "Check your e-mail" in response.content.decode()
    assert mail.outbox == []


def test_a_reset_for_a_known_address_sends_one_working_link(world: World) -> None:
    with committed():
        response = Client().post(
            reverse("accounts:reset_request"), {"email": "EP.Lead@world.test"}, follow=True
        )

    assert "Check your e-mail" in response.content.decode()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["ep.lead@world.test"]
    match = re.search(r"https?://\S+", str(mail.outbox[0].body))
    assert match
    client = Client()
    form_page = client.get(urlparse(match.group(0)).path, follow=True)
    assert "Set your password" in form_page.content.decode()
    client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )

    old = Client().post(SIGN_IN, {"username": "ep.lead@world.test", "password": PASSWORD})
    new = Client().post(SIGN_IN, {"username": "ep.lead@world.test", "password": NEW_PASSWORD})
    assert old.status_code == 200
    assert new.status_code == 302


@pytest.mark.parametrize("email", ["", "not-an-address"])
def test_a_reset_request_needs_a_real_address(world: World, email: str) -> None:
    response = Client().post(reverse("accounts:reset_request"), {"email": email})

    assert response.status_code == 200
    assert _title(response).startswith("Error:")
    assert mail.outbox == []

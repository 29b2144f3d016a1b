"""Demo accounts work only in demo mode: sign-in refuses them outside it, and a session
opened while it was on ends at the next request once it is off."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from access.models import Membership
from access.roles import Role
from accounts.middleware import DEMO_ENDED
from accounts.models import User
from core.testing.access import World

DEMO_PASSWORD = "a-shared-demo-password"


def _demo_admin(world: World) -> User:
    user = User.objects.create_user(
        email="admin@demo.test", full_name="Demo Admin", password=DEMO_PASSWORD
    )
    Membership.objects.create(user=user, organisation=world.national, role=Role.QUALITY_ADMIN)
    return user


def _signed_in_while_demo_mode_was_on(world: World, settings) -> Client:
    settings.DEMO_MODE = True
    client = Client()
    response = client.post(
        reverse("accounts:sign_in"), {"username": "admin@demo.test", "password": DEMO_PASSWORD}
    )
    assert response.status_code == 302
    return client


def test_a_demo_session_cannot_invite_anyone_once_demo_mode_is_off(world: World, settings):
    _demo_admin(world)
    client = _signed_in_while_demo_mode_was_on(world, settings)
    settings.DEMO_MODE = False  # the service restarted without demo mode

    response = client.post(
        reverse("access:people_invite"),
        {
            "full_name": "New Admin",
            "email": "new.admin@world.test",
            "organisation": world.national.name,
            "role": "quality_admin",
        },
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:sign_in")
    assert not User.objects.filter(email="new.admin@world.test").exists()
    assert "_auth_user_id" not in client.session


def test_the_demo_user_is_told_why_they_were_signed_out(world: World, settings):
    _demo_admin(world)
    client = _signed_in_while_demo_mode_was_on(world, settings)
    settings.DEMO_MODE = False

    response = client.get(reverse("web:home"), follow=True)

    assert response.redirect_chain[-1][0] == reverse("accounts:sign_in")
    assert DEMO_ENDED in response.content.decode()


def test_a_demo_session_carries_on_while_demo_mode_is_on(world: World, settings):
    _demo_admin(world)
    client = _signed_in_while_demo_mode_was_on(world, settings)

    response = client.get(reverse("access:people"))

    assert response.status_code == 200


def test_other_sessions_carry_on_when_demo_mode_is_off(client_for, settings):
    settings.DEMO_MODE = False

    assert client_for("admin").get(reverse("access:people")).status_code == 200


def test_sign_in_refuses_a_demo_account_when_demo_mode_is_off(world: World, settings):
    _demo_admin(world)
    settings.DEMO_MODE = False
    client = Client()

    response = client.post(
        reverse("accounts:sign_in"), {"username": "admin@demo.test", "password": DEMO_PASSWORD}
    )

    assert response.status_code == 200
    assert "Demo accounts only work when the service runs in demo mode" in (
        response.content.decode()
    )
    assert "_auth_user_id" not in client.session

"""Two-step verification: setting it up, being asked for a code, recovery codes, throttling,
the rule that staff must use it, and an administrator's reset."""

from __future__ import annotations

import re

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from access.second_factor import second_factor_reset
from accounts.second_factor import services

SET_UP = reverse("accounts:two_step_set_up")
VERIFY = reverse("accounts:two_step_verify")


def _code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def _set_up(client: Client, user) -> list[tuple[str, str]]:
    client.get(SET_UP)
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    response = client.post(SET_UP, {"code": _code(device), "next": "/"})
    assert response.status_code == 200
    return re.findall(r"<code>(\w{5}) (\w{5})</code>", response.content.decode())


def _history(user) -> list[str]:
    return [
        entry.changes_dict[services.FIELD][1]
        for entry in LogEntry.objects.get_for_object(user).order_by("pk")
        if services.FIELD in entry.changes_dict
    ]


def test_setting_up_shows_the_key_refuses_a_wrong_code_and_gives_ten_recovery_codes(
    world, client_for
):
    user = world.user("ep_lead")
    client = client_for("ep_lead")
    page = client.get(SET_UP).content.decode()
    assert "<svg" in page and "Key: <code>" in page
    # Reloading keeps the same key, so the one being typed in stays right.
    assert TOTPDevice.objects.filter(user=user).count() == 1
    client.get(SET_UP)
    assert TOTPDevice.objects.filter(user=user).count() == 1
    wrong = client.post(SET_UP, {"code": "12345"})
    assert "Enter the 6-digit code your authenticator app shows" in wrong.content.decode()
    assert not services.is_set_up(user)
    pairs = _set_up(client, user)
    assert len(pairs) == 10 and len({a + b for a, b in pairs}) == 10
    assert services.is_set_up(user) and services.recovery_codes_left(user) == 10
    assert _history(user) == ["set up with an authenticator app"]
    assert client.get(SET_UP).headers["Cache-Control"] == "private, no-store"


@pytest.mark.parametrize(
    ("required", "persona", "sent_to"),
    [
        (True, "admin", SET_UP),
        (True, "regional_lead", SET_UP),
        (True, "contract_manager", SET_UP),
        (True, "pp_contributor", None),
        (False, "admin", None),
    ],
)
def test_staff_must_set_it_up_before_any_page_when_it_is_required(
    world, client_for, settings, required, persona, sent_to
):
    settings.SECOND_FACTOR_REQUIRED = required
    client = client_for(persona)
    response = client.get("/ratings/")
    if sent_to is None:
        assert response.status_code in (200, 404)
    else:
        assert response.status_code == 302
        assert response.url == f"{sent_to}?next=%2Fratings%2F"
        # Signing out and the two-step pages stay open.
        assert client.get(SET_UP).status_code == 200


def test_once_set_up_every_new_sign_in_asks_for_a_code_and_then_goes_on(world, client_for):
    user = world.user("ep_lead")
    _set_up(client_for("ep_lead"), user)
    client = client_for("ep_lead")  # a new session
    asked = client.get("/ratings/")
    assert asked.status_code == 302 and asked.url.startswith(VERIFY)
    device = TOTPDevice.objects.get(user=user)
    # The code of the next time step: the one already used to set up is not taken twice.
    code = f"{totp(device.bin_key, t0=device.t0 - device.step):06d}"
    accepted = client.post(VERIFY, {"code": code, "next": "/ratings/"})
    assert accepted.status_code == 302 and accepted.url == "/ratings/"
    assert client.get("/ratings/").status_code == 200
    assert _history(user)[-1] == "code accepted"
    # A wrong code is refused and recorded.
    refused = client_for("ep_lead").post(VERIFY, {"code": "000000", "next": "/ratings/"})
    assert "That code is not right" in refused.content.decode()
    assert _history(user)[-1] == "wrong code"


def test_a_recovery_code_works_once(world, client_for):
    user = world.user("ep_lead")
    first, *_ = _set_up(client_for("ep_lead"), user)
    code = "".join(first)
    client = client_for("ep_lead")
    assert client.post(VERIFY, {"code": f" {first[0]} {first[1]} "}).status_code == 302
    again = client_for("ep_lead").post(VERIFY, {"code": code})
    assert "That code is not right" in again.content.decode()
    assert StaticToken.objects.filter(device__user=user).count() == 9
    assert "recovery code used" in _history(user)


def test_wrong_codes_are_throttled_even_when_the_next_one_is_right(world, client_for):
    user = world.user("ep_lead")
    _set_up(client_for("ep_lead"), user)
    for _ in range(3):
        with pytest.raises(ValidationError):
            services.verify(actor=user, token="000000")
    device = TOTPDevice.objects.get(user=user)
    with pytest.raises(ValidationError, match="Too many wrong codes"):
        services.verify(actor=user, token=_code(device))


def test_new_recovery_codes_replace_the_old_ones(world, client_for):
    user = world.user("ep_lead")
    client = client_for("ep_lead")
    old = {"".join(pair) for pair in _set_up(client, user)}
    page = client.post(reverse("accounts:two_step_recovery_codes")).content.decode()
    new = {a + b for a, b in re.findall(r"<code>(\w{5}) (\w{5})</code>", page)}
    assert len(new) == 10 and not old & new
    assert set(StaticToken.objects.filter(device__user=user).values_list("token", flat=True)) == new


def test_an_administrator_resets_a_lost_phone_and_others_may_not(world, client_for):
    user = world.user("ep_lead")
    _set_up(client_for("ep_lead"), user)
    with pytest.raises(PermissionDenied):
        second_factor_reset(actor=world.user("regional_lead"), user=user)
    assert services.is_set_up(user)
    admin = client_for("admin")
    person = reverse("access:person", args=[user.pk])
    assert "Two-step verification" in admin.get(person).content.decode()
    done = admin.post(reverse("access:person_two_step_reset", args=[user.pk]))
    assert done.status_code == 302
    assert not services.is_set_up(user) and services.recovery_codes_left(user) == 0
    assert _history(user)[-1] == "reset: to be set up again at the next sign-in"
    reset_entry = LogEntry.objects.get_for_object(user).order_by("pk").last()
    assert reset_entry.actor == world.user("admin")


def test_production_always_requires_it():
    from core.tests.test_settings import _load_settings

    result = _load_settings(
        "SECOND_FACTOR_REQUIRED",
        EDQUALITY_ENV="production",
        SECRET_KEY="k" * 50,
        ALLOWED_HOSTS="edquality.example",
        SECOND_FACTOR_REQUIRED="false",
    )
    assert result.stdout.strip() == "True", result.stderr
    assert _load_settings("SECOND_FACTOR_REQUIRED").stdout.strip() == "False"

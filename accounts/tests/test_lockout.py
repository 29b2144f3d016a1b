"""Lockout and the sign-in limit key on the client's address (behind trusted proxies), and a
password reset lifts a lockout as the locked-out page promises."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlparse

from axes.models import AccessAttempt
from django.core import mail
from django.test import Client
from django.urls import reverse

from accounts.models import User
from core.testing.access import World
from core.testing.mail import committed
from core.testing.personas import PASSWORD

SIGN_IN = reverse("accounts:sign_in")
LEAD = "ep.lead@world.test"
NEW_PASSWORD = "quiet-harbour-violin-58"


def _sign_in(email: str, password: str, *, via: str | None = None, **extra: Any):
    """Sign in from a client that our proxy saw at ``via`` (connection 10.0.0.1)."""
    if via is not None:
        extra["HTTP_X_FORWARDED_FOR"] = via
    client = Client(REMOTE_ADDR="10.0.0.1", **extra)
    response = client.post(SIGN_IN, {"username": email, "password": password})
    return response


def _lock(email: str, *, via: str | None = None, times: int = 5) -> None:
    for _ in range(times):
        _sign_in(email, "guess", via=via)


def test_behind_a_proxy_a_lockout_holds_only_the_client_that_failed(world: World, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.AXES_FAILURE_LIMIT = 5
    _lock(LEAD, via="203.0.113.7")

    locked = _sign_in(LEAD, PASSWORD, via="203.0.113.7")
    elsewhere = _sign_in(LEAD, PASSWORD, via="203.0.113.8")

    assert locked.status_code == 429
    assert elsewhere.status_code == 302
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"203.0.113.7"}


def test_a_client_cannot_escape_its_lockout_by_writing_its_own_forwarded_header(
    world: World, settings
):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.AXES_FAILURE_LIMIT = 5
    _lock(LEAD, via="203.0.113.7")

    # Whatever the client puts first, our proxy appends the address it really came from.
    response = _sign_in(LEAD, PASSWORD, via="198.51.100.99, 203.0.113.7")

    assert response.status_code == 429


def test_without_a_trusted_proxy_the_forwarded_header_changes_nothing(world: World, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    settings.AXES_FAILURE_LIMIT = 5
    _lock(LEAD, via="203.0.113.7")

    response = _sign_in(LEAD, PASSWORD, via="203.0.113.8")

    assert response.status_code == 429


def _reset_password_by_email(email: str) -> None:
    with committed():
        Client().post(reverse("accounts:reset_request"), {"email": email})
    match = re.search(r"https?://\S+", str(mail.outbox[-1].body))
    assert match
    client = Client()
    form_page = client.get(urlparse(match.group(0)).path, follow=True)
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert done["Location"] == reverse("accounts:reset_complete")


def test_setting_a_new_password_from_the_link_lifts_the_lockout(world: World, settings):
    settings.AXES_FAILURE_LIMIT = 5
    _lock(LEAD)
    assert "Your account is locked" in _sign_in(LEAD, PASSWORD).content.decode()

    _reset_password_by_email(LEAD)

    assert _sign_in(LEAD, NEW_PASSWORD).status_code == 302
    assert not AccessAttempt.objects.filter(username=LEAD).exists()


def test_a_reset_lifts_only_the_lockout_of_the_account_whose_password_was_set(
    world: World, settings
):
    settings.AXES_FAILURE_LIMIT = 5
    _lock(LEAD)
    _lock("panel@world.test")

    _reset_password_by_email(LEAD)

    assert _sign_in("panel@world.test", PASSWORD).status_code == 429


def test_setting_a_password_is_in_the_audit_trail_without_the_password(world: World):
    from auditlog.models import LogEntry

    _reset_password_by_email(LEAD)

    lead = User.objects.get(email=LEAD)
    entry = LogEntry.objects.get_for_object(lead).latest("timestamp")
    assert entry.actor == lead
    assert entry.changes == {"password": ["None", "set from an e-mailed link"]}
    assert NEW_PASSWORD not in str(entry.changes)


# One address trying many accounts


def test_one_address_failing_across_many_accounts_is_stopped(world: World, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.SIGN_IN_ADDRESS_LIMIT = 6
    for number in range(6):
        response = _sign_in(f"someone{number}@world.test", "guess", via="203.0.113.7")
        assert response.status_code == 200, number

    refused = _sign_in(LEAD, PASSWORD, via="203.0.113.7")
    other_client = _sign_in(LEAD, PASSWORD, via="203.0.113.8")

    assert refused.status_code == 429
    assert "Too many attempts to sign in" in refused.content.decode()
    assert "_auth_user_id" not in refused.client.session
    assert other_client.status_code == 302


def test_the_address_limit_counts_failures_only(world: World, settings):
    settings.SIGN_IN_ADDRESS_LIMIT = 2
    for _ in range(3):
        assert _sign_in(LEAD, PASSWORD).status_code == 302
    # An empty form names no account, so it is no attempt either.
    for _ in range(3):
        assert Client().post(SIGN_IN, {}).status_code == 200

    assert _sign_in(LEAD, PASSWORD).status_code == 302


def test_the_address_limit_ends_after_an_hour(world: World, settings, time_machine):
    from core import clock

    time_machine.move_to(clock.now(), tick=False)
    settings.SIGN_IN_ADDRESS_LIMIT = 2
    _sign_in("someone1@world.test", "guess")
    _sign_in("someone2@world.test", "guess")
    assert _sign_in(LEAD, PASSWORD).status_code == 429

    time_machine.shift(60 * 60 + 1)

    assert _sign_in(LEAD, PASSWORD).status_code == 302

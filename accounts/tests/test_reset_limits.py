"""Asking for password links is limited: a few e-mails per account an hour, and a few
requests per client address, without revealing whether an account exists."""

from __future__ import annotations

from django.core import mail
from django.test import Client
from django.urls import reverse

from core.testing.access import World
from core.testing.mail import committed

RESET = reverse("accounts:reset_request")
LEAD = "ep.lead@world.test"


def _ask(email: str, *, address: str = "10.0.0.1"):
    with committed():
        return Client(REMOTE_ADDR=address).post(RESET, {"email": email})


def test_six_requests_for_one_account_send_only_the_limit_of_emails(world: World, settings):
    settings.RESET_EMAIL_LIMIT = 3
    settings.RESET_ADDRESS_LIMIT = 100

    responses = [_ask(LEAD, address=f"203.0.113.{n}") for n in range(6)]

    # Every request sees the same page, so the limit says nothing about the account.
    assert {response.status_code for response in responses} == {302}
    assert {response["Location"] for response in responses} == {reverse("accounts:reset_sent")}
    assert len(mail.outbox) == 3
    assert {tuple(message.to) for message in mail.outbox} == {(LEAD,)}


def test_the_email_limit_is_per_account(world: World, settings):
    settings.RESET_EMAIL_LIMIT = 1
    settings.RESET_ADDRESS_LIMIT = 100

    _ask(LEAD)
    _ask(LEAD)
    _ask("panel@world.test")

    assert [message.to for message in mail.outbox] == [[LEAD], ["panel@world.test"]]


def test_one_address_asking_too_often_is_refused_whatever_it_asks_for(world: World, settings):
    settings.RESET_ADDRESS_LIMIT = 4
    for number in range(4):
        assert _ask(f"someone{number}@world.test", address="203.0.113.7").status_code == 302

    refused = _ask(LEAD, address="203.0.113.7")
    other_address = _ask(LEAD, address="203.0.113.8")

    assert refused.status_code == 429
    assert "Too many requests for a password link" in refused.content.decode()
    assert other_address.status_code == 302
    assert [message.to for message in mail.outbox] == [[LEAD]]


def test_an_account_gets_links_again_an_hour_later(world: World, settings, time_machine):
    from core import clock

    time_machine.move_to(clock.now(), tick=False)
    settings.RESET_EMAIL_LIMIT = 1
    _ask(LEAD)
    _ask(LEAD)
    assert len(mail.outbox) == 1

    time_machine.shift(60 * 60 + 1)
    _ask(LEAD)

    assert len(mail.outbox) == 2

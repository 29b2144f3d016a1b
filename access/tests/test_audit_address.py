"""Every audit entry of a change made in a request records the client's address, worked out
from the trusted proxies; changes made by the system record none."""

from __future__ import annotations

from auditlog.models import LogEntry

from access import services
from access.roles import Role
from access.testing import World
from access.tests.people_pages import INVITE, ClientFor
from accounts.models import User

INVITATION = {
    "full_name": "Priya Shah",
    "email": "priya.shah@thameside.test",
    "organisation": "RZZ01",
    "role": "pp_contributor",
}


def _entries_about_priya() -> list[LogEntry]:
    person = User.objects.get(email="priya.shah@thameside.test")
    return list(LogEntry.objects.filter(additional_data__person=person.pk)) + list(
        LogEntry.objects.get_for_object(person)
    )


def test_an_invitation_records_the_address_behind_the_trusted_proxy(
    client_for: ClientFor, world: World, settings
) -> None:
    settings.TRUSTED_PROXY_COUNT = 1

    response = client_for("admin").post(
        INVITE,
        INVITATION,
        REMOTE_ADDR="10.0.0.2",
        HTTP_X_FORWARDED_FOR="198.51.100.1, 203.0.113.7",
    )

    assert response.status_code == 302
    entries = _entries_about_priya()
    assert len(entries) == 2  # the account and the membership
    assert {entry.remote_addr for entry in entries} == {"203.0.113.7"}
    assert {entry.actor for entry in entries} == {world.user("admin")}


def test_without_a_trusted_proxy_the_connection_address_is_recorded(
    client_for: ClientFor, world: World, settings
) -> None:
    settings.TRUSTED_PROXY_COUNT = 0

    client_for("admin").post(
        INVITE, INVITATION, REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="198.51.100.1"
    )

    assert {entry.remote_addr for entry in _entries_about_priya()} == {"10.0.0.2"}


def test_a_change_made_by_the_system_records_no_address_even_after_a_request(
    client_for: ClientFor, world: World
) -> None:
    # A request served earlier in the same thread leaves nothing behind for later work.
    client_for("admin").get("/", REMOTE_ADDR="10.0.0.2")

    services.user_invite(
        actor=None,
        email="priya.shah@thameside.test",
        full_name="Priya Shah",
        organisation=world.london_pp,
        role=Role.PP_CONTRIBUTOR,
    )

    assert {entry.remote_addr for entry in _entries_about_priya()} == {None}

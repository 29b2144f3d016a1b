"""An invitation sent again ends the link sent before it; only the newest link sets a password."""

from __future__ import annotations

import re
from urllib.parse import urlparse

from django.core import mail
from django.test import Client

from access import services
from access.roles import Role
from access.testing import World
from accounts.models import User

NEW_PASSWORD = "tidal-orchard-lantern-93"


def _last_link() -> str:
    match = re.search(r"https?://\S+", str(mail.outbox[-1].body))
    assert match, "the e-mail has no link"
    return urlparse(match.group(0)).path


def _opens(link: str) -> bool:
    page = Client().get(link, follow=True)
    return "<h1>Set your password</h1>" in page.content.decode()


def _invite(world: World, capture, role: Role = Role.PP_CONTRIBUTOR) -> User:
    with capture(execute=True):
        return services.user_invite(
            actor=world.user("admin"),
            email="priya.shah@thameside.test",
            full_name="Priya Shah",
            organisation=world.london_pp,
            role=role,
        )


def test_resending_an_invitation_ends_the_earlier_link(
    world: World, django_capture_on_commit_callbacks
) -> None:
    person = _invite(world, django_capture_on_commit_callbacks)
    first = _last_link()

    with django_capture_on_commit_callbacks(execute=True):
        services.invitation_resend(actor=world.user("admin"), user=person)
    second = _last_link()

    assert first != second
    assert not _opens(first)
    assert "This link has expired" in Client().get(first, follow=True).content.decode()
    assert _opens(second)


def test_the_earlier_link_cannot_set_a_password_once_the_invitation_is_sent_again(
    world: World, django_capture_on_commit_callbacks
) -> None:
    person = _invite(world, django_capture_on_commit_callbacks)
    first = _last_link()
    # Someone opened the first link (the token now waits in their session) before the resend.
    holder = Client()
    form_page = holder.get(first, follow=True)
    assert "<h1>Set your password</h1>" in form_page.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        services.invitation_resend(actor=world.user("admin"), user=person)
    holder.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )

    person.refresh_from_db()
    assert not person.has_usable_password()


def test_inviting_again_someone_who_never_accepted_ends_the_earlier_link(
    world: World, django_capture_on_commit_callbacks
) -> None:
    _invite(world, django_capture_on_commit_callbacks)
    first = _last_link()

    _invite(world, django_capture_on_commit_callbacks, role=Role.PANEL_MEMBER)
    second = _last_link()

    assert len(mail.outbox) == 2
    assert not _opens(first)
    assert _opens(second)

"""The services that change people and their access: validation, e-mail and the audit trail."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlparse

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import transaction
from django.test import Client
from django.urls import reverse

from access import services
from access.models import Membership
from access.roles import Role
from access.testing import PASSWORD, World
from accounts.models import User
from core.testing.mail import committed
from organisations.models import Organisation

NEW_PASSWORD = "tidal-orchard-lantern-93"


def _link_path(message: mail.EmailMessage) -> str:
    match = re.search(r"https?://\S+", str(message.body))
    assert match, "the e-mail has no link"
    return urlparse(match.group(0)).path


def _invite(world: World, capture, **overrides):
    values: dict[str, Any] = {
        "actor": world.user("admin"),
        "email": "Priya.Shah@Thameside.test",
        "full_name": "  Priya   Shah ",
        "organisation": world.london_pp,
        "role": Role.PP_CONTRIBUTOR,
    } | overrides
    with capture(execute=True):
        return services.user_invite(**values)


def test_invite_creates_the_account_and_role_and_sends_one_email_that_lets_them_sign_in(
    world: World, django_capture_on_commit_callbacks
) -> None:
    person = _invite(world, django_capture_on_commit_callbacks)

    assert person.email == "priya.shah@thameside.test"
    assert person.full_name == "Priya Shah"
    assert person.invited_by == world.user("admin")
    assert not person.has_usable_password()
    membership = Membership.objects.get(user=person)
    assert (membership.organisation, membership.role) == (world.london_pp, Role.PP_CONTRIBUTOR)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["priya.shah@thameside.test"]
    assert "invited" in message.subject

    client = Client()
    form_page = client.get(_link_path(message), follow=True)
    assert form_page.status_code == 200
    assert "Set your password" in form_page.content.decode()
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert done.status_code == 302
    assert done["Location"] == reverse("accounts:reset_complete")

    signed_in = Client().post(
        reverse("accounts:sign_in"), {"username": person.email, "password": NEW_PASSWORD}
    )
    assert signed_in.status_code == 302
    assert signed_in["Location"] == reverse("web:home")


def test_an_invitation_link_works_only_once(
    world: World, django_capture_on_commit_callbacks
) -> None:
    _invite(world, django_capture_on_commit_callbacks)
    path = _link_path(mail.outbox[0])
    client = Client()
    form_page = client.get(path, follow=True)
    client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )

    again = Client().get(path, follow=True)

    assert "This link has expired" in again.content.decode()


def test_a_role_that_does_not_fit_the_organisation_is_refused_naming_both(
    world: World, django_capture_on_commit_callbacks
) -> None:
    with pytest.raises(ValidationError) as refused:
        _invite(world, django_capture_on_commit_callbacks, role=Role.EP_LEAD)

    message = refused.value.message_dict["role"][0]
    assert "education provider lead" in message
    assert "Thameside Hospitals NHS Trust" in message
    assert "is a placement provider" in message
    assert not User.objects.filter(email="priya.shah@thameside.test").exists()
    assert mail.outbox == []


def test_a_duplicate_role_is_refused(world: World) -> None:
    with pytest.raises(ValidationError) as refused:
        services.membership_add(
            actor=world.user("admin"),
            user=world.user("ep_lead"),
            organisation=world.london_ep,
            role=Role.EP_LEAD,
        )

    assert "already an education provider lead at University of Thameside" in str(
        refused.value.message_dict["role"]
    )
    assert Membership.objects.filter(user=world.user("ep_lead")).count() == 1


def test_inviting_someone_to_a_role_they_already_hold_saves_nothing_and_sends_nothing(
    world: World, django_capture_on_commit_callbacks
) -> None:
    before = LogEntry.objects.count()
    with pytest.raises(ValidationError):
        _invite(
            world,
            django_capture_on_commit_callbacks,
            email="PP.Contributor@world.test",
            role=Role.PP_CONTRIBUTOR,
        )

    assert LogEntry.objects.count() == before
    assert mail.outbox == []


def test_a_closed_organisation_is_refused(world: World, django_capture_on_commit_callbacks) -> None:
    Organisation.objects.filter(pk=world.london_pp.pk).update(status="closed")
    world.london_pp.refresh_from_db()

    with pytest.raises(ValidationError) as refused:
        _invite(world, django_capture_on_commit_callbacks)

    assert refused.value.message_dict["organisation"] == [
        "Thameside Hospitals NHS Trust is closed: choose an open organisation"
    ]
    assert not User.objects.filter(email="priya.shah@thameside.test").exists()


@pytest.mark.parametrize(
    ("field", "overrides", "message"),
    [
        ("email", {"email": "priya.shah"}, "Enter an e-mail address in the correct format"),
        ("full_name", {"full_name": "   "}, "Enter the person's full name"),
    ],
)
def test_bad_details_are_refused_before_anything_is_saved(
    world: World, django_capture_on_commit_callbacks, field, overrides, message
) -> None:
    users_before = User.objects.count()
    with pytest.raises(ValidationError) as refused:
        _invite(world, django_capture_on_commit_callbacks, **overrides)

    assert message in refused.value.message_dict[field][0]
    assert User.objects.count() == users_before


def test_inviting_someone_with_an_account_adds_the_role_without_an_email(
    world: World, django_capture_on_commit_callbacks
) -> None:
    lead = world.user("ep_lead")

    person = _invite(
        world,
        django_capture_on_commit_callbacks,
        email="EP.Lead@world.test",
        full_name="Someone Else",
        role=Role.PANEL_MEMBER,
    )

    assert person == lead
    assert person.full_name == "Ep Lead"
    assert set(person.memberships.values_list("role", flat=True)) == {"ep_lead", "panel_member"}
    assert mail.outbox == []


def test_inviting_a_switched_off_account_is_refused(
    world: World, django_capture_on_commit_callbacks
) -> None:
    services.user_set_active(actor=world.user("admin"), user=world.user("ep_lead"), active=False)

    with pytest.raises(ValidationError) as refused:
        _invite(
            world,
            django_capture_on_commit_callbacks,
            email="ep.lead@world.test",
            role=Role.PANEL_MEMBER,
        )

    assert "switched off" in refused.value.message_dict["email"][0]


def _entries(model, pk, action):
    return LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(model), object_pk=str(pk), action=action
    )


def test_adding_and_removing_a_role_and_switching_off_are_audited_with_the_actor(
    world: World,
) -> None:
    admin, lead = world.user("admin"), world.user("ep_lead")

    membership = services.membership_add(
        actor=admin, user=lead, organisation=world.london_pp, role=Role.PANEL_MEMBER
    )
    membership_pk = membership.pk
    services.membership_remove(actor=admin, membership=membership)
    services.user_set_active(actor=admin, user=lead, active=False)

    created = _entries(Membership, membership_pk, LogEntry.Action.CREATE).get()
    removed = _entries(Membership, membership_pk, LogEntry.Action.DELETE).get()
    switched = _entries(User, lead.pk, LogEntry.Action.UPDATE).get()
    assert created.actor == removed.actor == switched.actor == admin
    assert created.changes["role"] == ["None", "panel_member"]
    assert removed.changes["role"] == ["panel_member", "None"]
    assert switched.changes == {"is_active": ["True", "False"]}
    assert membership.created_by == admin


def test_you_cannot_remove_your_own_last_administrator_role(world: World) -> None:
    admin = world.user("admin")
    only = admin.memberships.get()

    with pytest.raises(ValidationError, match="your own last administrator role"):
        services.membership_remove(actor=admin, membership=only)

    assert Membership.objects.filter(pk=only.pk).exists()


def test_you_can_remove_one_of_two_administrator_roles(world: World) -> None:
    admin = world.user("admin")
    first = admin.memberships.get()
    second_body = Organisation.objects.create(
        kind="national_body", name="Second national body", internal_code="NAT2"
    )
    services.membership_add(
        actor=admin, user=admin, organisation=second_body, role=Role.QUALITY_ADMIN
    )

    services.membership_remove(actor=admin, membership=first)

    assert not Membership.objects.filter(pk=first.pk).exists()


def test_another_administrator_can_remove_an_administrators_only_role(world: World) -> None:
    admin = world.user("admin")
    other = User.objects.create_user(email="second.admin@world.test", full_name="Second Admin")
    membership = services.membership_add(
        actor=admin, user=other, organisation=world.national, role=Role.QUALITY_ADMIN
    )

    services.membership_remove(actor=admin, membership=membership)

    assert not other.memberships.exists()


def test_you_cannot_switch_off_your_own_account(world: World) -> None:
    admin = world.user("admin")

    with pytest.raises(ValidationError, match="your own account"):
        services.user_set_active(actor=admin, user=admin, active=False)

    admin.refresh_from_db()
    assert admin.is_active


def test_a_switched_off_account_can_be_switched_back_on_and_sign_in(world: World) -> None:
    admin, lead = world.user("admin"), world.user("ep_lead")
    services.user_set_active(actor=admin, user=lead, active=False)
    services.user_set_active(actor=admin, user=lead, active=True)

    response = Client().post(
        reverse("accounts:sign_in"), {"username": lead.email, "password": PASSWORD}
    )

    assert response.status_code == 302


def test_resending_an_invitation_sends_a_new_link_and_records_it(
    world: World, django_capture_on_commit_callbacks
) -> None:
    person = _invite(world, django_capture_on_commit_callbacks)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        services.invitation_resend(actor=world.user("admin"), user=person)

    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [person.email]
    entry = _entries(User, person.pk, LogEntry.Action.UPDATE).get()
    assert entry.actor == world.user("admin")
    assert entry.changes == {"invitation": ["None", "sent again"]}


def test_there_is_no_invitation_to_resend_once_a_password_is_set(world: World) -> None:
    with pytest.raises(ValidationError, match="already set a password"):
        services.invitation_resend(actor=world.user("admin"), user=world.user("ep_lead"))

    assert mail.outbox == []


def test_a_name_is_tidied_and_audited_when_changed(world: World) -> None:
    admin, lead = world.user("admin"), world.user("ep_lead")

    services.user_update(actor=admin, user=lead, full_name="  Grace   Ogunleye ")

    lead.refresh_from_db()
    assert lead.full_name == "Grace Ogunleye"
    assert _entries(User, lead.pk, LogEntry.Action.UPDATE).get().actor == admin
    with pytest.raises(ValidationError):
        services.user_update(actor=admin, user=lead, full_name=" ")


def test_an_invitation_whose_change_is_rolled_back_e_mails_nobody(world: World) -> None:
    def invite_then_fail() -> None:
        with transaction.atomic():
            services.user_invite(
                actor=world.user("admin"),
                email="rolled.back@thameside.test",
                full_name="Rolled Back",
                organisation=world.london_pp,
                role=Role.PP_CONTRIBUTOR,
            )
            raise RuntimeError("a later step of the same change failed")

    with committed(), pytest.raises(RuntimeError):
        invite_then_fail()
    assert mail.outbox == []
    assert not User.objects.filter(email="rolled.back@thameside.test").exists()

"""Every change to people and their access: typed, transactional, audited."""

from __future__ import annotations

from typing import Literal

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from accounts.access import forget_scope
from accounts.models import Membership, User
from accounts.roles import ROLE_ORGANISATION_KINDS, OrganisationKind, Role
from core.audit import acting_as
from core.tasks import send_email
from organisations.models import Organisation

EmailPurpose = Literal["reset", "invite"]


def password_link(user: User) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    path = reverse("accounts:reset_confirm", kwargs={"uidb64": uid, "token": token})
    return settings.SERVICE_URL.rstrip("/") + path


def send_password_email(
    *, user: User, purpose: EmailPurpose, invited_by: User | None = None
) -> None:
    """Queue an e-mail with a one-time link to set a password (reset or invitation)."""
    context = {
        "user": user,
        "link": password_link(user),
        "invited_by": invited_by,
        "service_name": settings.SERVICE_NAME,
        "days": settings.PASSWORD_RESET_TIMEOUT // 86400,
    }
    subject = (
        "You have been invited to edquality"
        if purpose == "invite"
        else "Set a new password for edquality"
    )
    body = render_to_string(f"accounts/emails/{purpose}.txt", context)
    send_email.enqueue(to=[user.email], subject=subject, body=body)


def _check_role_fits(role: Role, organisation: Organisation) -> None:
    allowed = ROLE_ORGANISATION_KINDS[role]
    if OrganisationKind(organisation.kind) not in allowed:
        kinds = " or ".join(sorted(kind.label.lower() for kind in allowed))
        raise ValidationError(
            {
                "role": f"A {role.label.lower()} must belong to a {kinds}, "
                f"and {organisation.name} is a {organisation.get_kind_display().lower()}"
            }
        )
    if organisation.status != "open":
        raise ValidationError({"organisation": f"{organisation.name} is closed"})


def membership_add(
    *, actor: User | None, user: User, organisation: Organisation, role: Role
) -> Membership:
    """Give ``user`` a role in ``organisation``."""
    role = Role(role)
    _check_role_fits(role, organisation)
    if Membership.objects.filter(user=user, organisation=organisation, role=role).exists():
        raise ValidationError(
            {"role": f"{user} is already a {role.label.lower()} at {organisation.name}"}
        )
    with transaction.atomic(), acting_as(actor):
        membership = Membership.objects.create(
            user=user, organisation=organisation, role=role, created_by=actor
        )
    forget_scope(user)
    return membership


def membership_remove(*, actor: User | None, membership: Membership) -> None:
    """Take a role away. The audit trail keeps what it was."""
    if (
        actor is not None
        and membership.user_id == actor.pk
        and membership.role == Role.QUALITY_ADMIN
    ):
        remaining = Membership.objects.filter(user=actor, role=Role.QUALITY_ADMIN).count()
        if remaining <= 1:
            raise ValidationError("You cannot remove your own last administrator role.")
    with transaction.atomic(), acting_as(actor):
        membership.delete()
    forget_scope(membership.user)


def user_invite(
    *,
    actor: User | None,
    email: str,
    full_name: str,
    organisation: Organisation,
    role: Role,
) -> User:
    """Create an account (or reuse one), give it a role and e-mail a link to set a password."""
    email = email.strip().lower()
    full_name = " ".join(full_name.split())
    errors: dict[str, str] = {}
    try:
        validate_email(email)
    except ValidationError:
        errors["email"] = "Enter an e-mail address in the correct format, like name@example.nhs.uk"
    if not full_name:
        errors["full_name"] = "Enter the person's full name"
    elif len(full_name) > 200:
        errors["full_name"] = "Full name must be 200 characters or fewer"
    if errors:
        raise ValidationError(errors)
    role = Role(role)
    _check_role_fits(role, organisation)
    with transaction.atomic(), acting_as(actor):
        user = User.objects.filter(email__iexact=email).first()
        created = user is None
        if user is None:
            user = User.objects.create_user(email=email, full_name=full_name, invited_by=actor)
        membership_add(actor=actor, user=user, organisation=organisation, role=role)
        if created or not user.has_usable_password():
            transaction.on_commit(
                lambda: send_password_email(user=user, purpose="invite", invited_by=actor)
            )
    return user


def user_set_active(*, actor: User | None, user: User, active: bool) -> User:
    """Switch an account off (it keeps its history) or back on."""
    if actor is not None and user.pk == actor.pk and not active:
        raise ValidationError("You cannot switch off your own account.")
    with transaction.atomic(), acting_as(actor):
        user.is_active = active
        user.save(update_fields=["is_active"])
    return user


def user_update(*, actor: User | None, user: User, full_name: str) -> User:
    full_name = " ".join(full_name.split())
    if not full_name:
        raise ValidationError({"full_name": "Enter the person's full name"})
    with transaction.atomic(), acting_as(actor):
        user.full_name = full_name
        user.save(update_fields=["full_name"])
    return user

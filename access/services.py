"""Every change to people and their access: typed, transactional, audited."""

from __future__ import annotations

from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction

from access.models import Membership
from access.roles import ROLE_ORGANISATION_KINDS, Role
from access.scope import forget_scope
from accounts.models import User
from accounts.services import EMAIL_FORMAT_MESSAGE, send_password_email
from core.audit import acting_as
from organisations.kinds import OrganisationKind
from organisations.models import Organisation


def _with_article(noun: str) -> str:
    return ("an " if noun[:1].lower() in "aeiou" else "a ") + noun


# Membership changes name the person in the audit entry's context (``person``), so a person's
# history still finds a role after it is removed: the entry's own "user" change holds only
# the person's name at the time.


def _check_role_fits(role: Role, organisation: Organisation) -> None:
    """Refuse a role the organisation's kind cannot hold, or any role in a closed organisation."""
    errors: dict[str, str] = {}
    allowed = ROLE_ORGANISATION_KINDS[role]
    if OrganisationKind(organisation.kind) not in allowed:
        kinds = " or ".join(sorted(_with_article(kind.label.lower()) for kind in allowed))
        here = _with_article(organisation.get_kind_display().lower())
        errors["role"] = (
            f"{_with_article(role.label.lower()).capitalize()} must belong to {kinds}, "
            f"and {organisation.name} is {here}"
        )
    if organisation.status != "open":
        errors["organisation"] = f"{organisation.name} is closed: choose an open organisation"
    if errors:
        raise ValidationError(errors)


def _check_not_duplicate(user: User, organisation: Organisation, role: Role) -> None:
    if Membership.objects.filter(user=user, organisation=organisation, role=role).exists():
        raise ValidationError(
            {"role": f"{user} is already {_with_article(role.label.lower())} at {organisation}"}
        )


def membership_add(
    *, actor: User | None, user: User, organisation: Organisation, role: Role
) -> Membership:
    """Give ``user`` a role in ``organisation``."""
    role = Role(role)
    _check_role_fits(role, organisation)
    with transaction.atomic(), acting_as(actor, person=user.pk):
        _check_not_duplicate(user, organisation, role)
        membership = Membership.objects.create(
            user=user, organisation=organisation, role=role, created_by=actor
        )
    forget_scope(user)
    return membership


def removes_own_last_admin_role(actor: User | None, membership: Membership) -> bool:
    """True when ``actor`` would lose their own last administrator role, locking themselves out."""
    if actor is None or membership.user_id != actor.pk or membership.role != Role.QUALITY_ADMIN:
        return False
    held = Membership.objects.active().filter(user_id=actor.pk, role=Role.QUALITY_ADMIN)
    return not held.exclude(pk=membership.pk).exists()


def membership_remove(*, actor: User | None, membership: Membership) -> None:
    """Take a role away. The audit trail keeps what it was."""
    if removes_own_last_admin_role(actor, membership):
        raise ValidationError(
            "You cannot remove your own last administrator role. "
            "Ask another administrator to do it."
        )
    with transaction.atomic(), acting_as(actor, person=membership.user_id):
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
    """Create an account (or reuse one), give it a role and e-mail a link to set a password.

    Someone who already has an account only gets the new role; they are e-mailed again
    only if they have never set a password.
    """
    email = email.strip().lower()
    full_name = " ".join(full_name.split())
    errors: dict[str, str] = {}
    try:
        validate_email(email)
    except ValidationError:
        errors["email"] = EMAIL_FORMAT_MESSAGE
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
        elif not user.is_active:
            raise ValidationError(
                {
                    "email": f"{email} belongs to {user}, whose account is switched off: "
                    "switch it back on from their page first"
                }
            )
        membership_add(actor=actor, user=user, organisation=organisation, role=role)
        if created or not user.has_usable_password():
            if not created:
                _end_earlier_links(user)
            invited = user
            transaction.on_commit(
                lambda: send_password_email(user=invited, purpose="invite", invited_by=actor)
            )
    return user


def _end_earlier_links(user: User) -> None:
    """Make every link already sent to ``user`` stop working: a link's token is signed with
    the password's hash, and a fresh unusable password changes it (the account still has no
    password anyone could sign in with)."""
    user.set_unusable_password()
    user.save(update_fields=["password"])


def invitation_resend(*, actor: User | None, user: User) -> None:
    """E-mail a fresh set-password link to someone who has not accepted their invitation."""
    if not user.is_active:
        raise ValidationError(f"{user}'s account is switched off: switch it on first")
    if user.has_usable_password():
        raise ValidationError(f"{user} has already set a password, so has no invitation to resend")
    with transaction.atomic(), acting_as(actor):
        _end_earlier_links(user)
        # Not a change to the account, but administrators want to see that it was sent.
        LogEntry.objects.log_create(
            user,
            force_log=True,
            action=LogEntry.Action.UPDATE,
            changes={"invitation": ["None", "sent again"]},
        )
        transaction.on_commit(
            lambda: send_password_email(user=user, purpose="invite", invited_by=actor)
        )


def user_set_active(*, actor: User | None, user: User, active: bool) -> User:
    """Switch an account off (it keeps its history and roles) or back on."""
    if actor is not None and user.pk == actor.pk and not active:
        raise ValidationError("You cannot switch off your own account.")
    if user.is_active == active:
        return user
    with transaction.atomic(), acting_as(actor):
        user.is_active = active
        user.save(update_fields=["is_active"])
    forget_scope(user)
    return user


def user_update(*, actor: User | None, user: User, full_name: str) -> User:
    """Correct a person's name."""
    full_name = " ".join(full_name.split())
    if not full_name:
        raise ValidationError({"full_name": "Enter the person's full name"})
    if len(full_name) > 200:
        raise ValidationError({"full_name": "Full name must be 200 characters or fewer"})
    if full_name == user.full_name:
        return user
    with transaction.atomic(), acting_as(actor):
        user.full_name = full_name
        user.save(update_fields=["full_name"])
    return user

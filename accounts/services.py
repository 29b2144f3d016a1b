"""Password e-mails and links: the one-time link to set a password, for a reset or an
invitation, and setting the password from it."""

from __future__ import annotations

from typing import Literal

from auditlog.models import LogEntry
from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from accounts import limits
from accounts.models import User
from core.audit import acting_as
from core.mail import message, queue_emails

EmailPurpose = Literal["reset", "invite"]

EMAIL_FORMAT_MESSAGE = "Enter an e-mail address in the correct format, like name@example.nhs.uk"


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
    queue_emails([message([user.email], subject, body)])


def password_reset_send(*, user: User) -> bool:
    """E-mail ``user`` a link to set a new password, unless they have had as many as the
    limit allows this hour (``RESET_EMAIL_LIMIT``). Whoever asked sees the same page either
    way, so the limit reveals nothing about the account."""
    if not limits.reset_emails().hit(user.email):
        return False
    with transaction.atomic():
        send_password_email(user=user, purpose="reset")
    return True


def password_set_from_link(*, user: User, token: str, password: str) -> User:
    """Set ``user``'s password from an e-mailed link: the link's token is the right to do it.

    Setting it ends the link, signs the account out everywhere else (the session keeps a hash
    of the password) and lifts any lockout of the account, as the locked-out page promises:
    whoever reads the account's e-mail has shown it is theirs.
    """
    if not default_token_generator.check_token(user, token):
        raise PermissionDenied("This link to set a password has expired or has been used.")
    validate_password(password, user)
    with transaction.atomic(), acting_as(user):
        user.set_password(password)
        user.save(update_fields=["password"])
        # The password itself is never audited; that it was set is.
        LogEntry.objects.log_create(
            user,
            force_log=True,
            action=LogEntry.Action.UPDATE,
            changes={"password": ["None", "set from an e-mailed link"]},
        )
        axes_reset(username=user.email)
    return user

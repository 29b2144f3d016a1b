"""Password e-mails: the one-time link to set a password, for a reset or an invitation."""

from __future__ import annotations

from typing import Literal

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from accounts.models import User
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

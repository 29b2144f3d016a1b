"""Background tasks shared by every app. The worker runs them (``manage.py db_worker``)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.tasks import task


@task()
def send_email(*, to: list[str], subject: str, body: str) -> int:
    """Send one plain-text e-mail; the worker retries nothing, so failures show in its log."""
    return send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, to, fail_silently=False)


@task()
def send_emails_task(messages: list[dict[str, Any]]) -> dict[str, Any]:
    """Send a batch of e-mails (see ``core.mail``) over one mail connection."""
    from core.mail import send_emails

    return {"sent": send_emails(messages)}

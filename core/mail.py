"""E-mail in batches through the background worker, for any app.

A service builds plain-text messages (``to``, ``subject``, ``body``) and calls
``queue_emails`` inside its transaction: once the transaction commits, the messages are
queued for the worker, ``EMAIL_CHUNK`` to a task, and each task sends its batch over one
mail connection. A rolled-back change therefore e-mails nobody.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage, mailers
from django.db import transaction
from django.tasks import task

EMAIL_CHUNK = 100


def _enqueue(messages: list[dict[str, Any]]) -> None:
    with transaction.atomic():
        for start in range(0, len(messages), EMAIL_CHUNK):
            send_emails_task.enqueue(messages=messages[start : start + EMAIL_CHUNK])


def message(to: list[str], subject: str, body: str) -> dict[str, Any]:
    """One plain-text e-mail, as ``queue_emails`` and ``send_emails`` take it."""
    return {"to": to, "subject": subject, "body": body}


def queue_emails(messages: list[dict[str, Any]]) -> None:
    """Queue the messages for the worker when the current transaction commits (at once
    when there is none): the one way the service sends e-mail."""
    if messages:
        transaction.on_commit(partial(_enqueue, messages))


def send_emails(messages: list[dict[str, Any]]) -> int:
    """Send the messages over one mail connection; the number sent."""
    if not messages:
        return 0
    return (
        mailers.default.send_messages(
            [
                EmailMessage(m["subject"], m["body"], settings.DEFAULT_FROM_EMAIL, m["to"])
                for m in messages
            ]
        )
        or 0
    )


@task()
def send_emails_task(messages: list[dict[str, Any]]) -> dict[str, Any]:
    """Send a batch of e-mails over one mail connection (the worker runs it)."""
    return {"sent": send_emails(messages)}

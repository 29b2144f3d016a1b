"""E-mail about a submission to the people it concerns, shared by sign-off and the review."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse

from access.roles import Role
from accounts.models import User
from assessments.models import Submission
from core.mail import message, queue_emails


def contributors_of(organisation_id: int) -> list[User]:
    """Active contributors of a provider, who hear about returns, reopening and questions."""
    return list(
        User.objects.filter(
            is_active=True,
            memberships__organisation_id=organisation_id,
            memberships__role=Role.PP_CONTRIBUTOR,
        )
        .distinct()
        .order_by("full_name", "email")
    )


def submission_link(name: str, submission: Submission) -> str:
    return settings.SERVICE_URL.rstrip("/") + reverse(f"assessments:{name}", args=[submission.pk])


def mail(to: list[User], template: str, subject: str, context: dict[str, Any]) -> None:
    """One plain-text e-mail to each person, through the background worker once the change
    commits."""
    queue_emails(
        [
            message(
                [person.email],
                subject,
                render_to_string(
                    f"assessments/email/{template}.txt",
                    {**context, "person": person, "service_name": settings.SERVICE_NAME},
                ),
            )
            for person in to
        ]
    )

"""The self-assessment start page (where each part of the work lives, for this user), and
what the parts' pages share."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse

from accounts.http import SignedInRequest
from assessments.models import Submission
from assessments.permissions import (
    can_follow_campaigns,
    can_manage_campaigns,
    can_manage_framework,
    can_review_any,
    can_use_self_assessment,
)
from assessments.selectors import submissions_visible_to
from core.http import require


@require(can_use_self_assessment)
def index(request: SignedInRequest) -> HttpResponse:
    user = request.user
    submissions = (
        submissions_visible_to(user)
        .filter(campaign__status="open")
        .order_by("-campaign__academic_year", "organisation__name")[:20]
    )
    return render(
        request,
        "assessments/index.html",
        {
            "page_title": "Self-assessment",
            "submissions": list(submissions),
            "can_follow_campaigns": can_follow_campaigns(user),
            "can_manage_campaigns": can_manage_campaigns(user),
            "can_manage_framework": can_manage_framework(user),
            "can_review": can_review_any(user),
        },
    )


def apply_errors(form: Form, error: ValidationError) -> None:
    """Put a service's refusal on the field it names, or on the form as a whole."""
    if hasattr(error, "error_dict"):
        for name, problems in error.message_dict.items():
            form.add_error(name if name in form.fields and name != "seen_hash" else None, problems)
    else:
        form.add_error(None, error.messages)


def overview_url(submission: Submission) -> str:
    """The submission's overview page (the form part's), or its history if there is none."""
    try:
        return reverse("assessments:submission", args=[submission.pk])
    except NoReverseMatch:
        return reverse("assessments:history", args=[submission.pk])

"""The self-assessment start page: where each part of the work lives, for this user."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

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
def index(request: HttpRequest) -> HttpResponse:
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

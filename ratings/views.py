"""The QCPM start page: where each part of the ratings work lives, for this user."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render

from accounts.http import SignedInRequest
from core.http import require
from ratings.permissions import can_manage_methodology, can_manage_ratings, can_view_ratings


@require(can_view_ratings)
def index(request: SignedInRequest) -> HttpResponse:
    user = request.user
    return render(
        request,
        "ratings/index.html",
        {
            "page_title": "QCPM ratings",
            "can_manage_ratings": can_manage_ratings(user),
            "can_manage_methodology": can_manage_methodology(user),
        },
    )

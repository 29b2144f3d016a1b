"""The QCPM start page: where each part of the ratings work lives, for this user."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from core.http import require
from ratings.permissions import can_manage_methodology, can_manage_ratings, can_view_ratings


@require(can_view_ratings)
def index(request: HttpRequest) -> HttpResponse:
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

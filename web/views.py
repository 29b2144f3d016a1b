"""Home, static information pages and error pages."""

from __future__ import annotations

import logging

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string

from access.scope import scope_for
from core.published import published_items
from core.waiting import waiting_for
from web import selectors

logger = logging.getLogger(__name__)


def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not user.is_authenticated:
        return render(
            request,
            "web/landing.html",
            {"page_title": "Quality of healthcare education", "published": published_items()},
        )
    return render(
        request,
        "web/home.html",
        {
            "page_title": "Home",
            "dashboard": selectors.dashboard_for(user),
            "scope": scope_for(request.user),
            "waiting": waiting_for(user),
        },
    )


def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "web/accessibility.html", {"page_title": "Accessibility statement"})


def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "web/privacy.html", {"page_title": "Privacy"})


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "web/404.html", {"page_title": "Page not found"}, status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    # No request context here: the failure may have come from it.
    html: str
    try:
        html = render_to_string("web/500.html", {"page_title": "Sorry, there is a problem"})
    except Exception:  # the page itself must never fail: fall back to plain text
        logger.exception("The error page could not be rendered")
        html = "<h1>Sorry, there is a problem with the service</h1><p>Try again later.</p>"
    return HttpResponse(html, status=500)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "web/400.html", {"page_title": "Bad request"}, status=400)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return render(
        request, "web/csrf_failure.html", {"page_title": "Your form has expired"}, status=403
    )

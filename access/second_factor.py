"""Who must use two-step verification, asking them for it, and resetting it.

Staff who act for the national body or a region (quality administrators, regional quality
leads, contract managers) must, when ``SECOND_FACTOR_REQUIRED`` is on (always in production,
off by default in demo and development). Anyone who has set it up is asked for a code at
every sign-in, required or not. Until they have given one, every page sends them to set it
up or to enter a code, except those pages and signing out.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from access.permissions import can_manage_people
from access.roles import REGIONAL_ROLES, Role
from access.scope import scope_for
from accounts.models import User
from accounts.second_factor import services
from core.people import check_actor

STAFF_ROLES = frozenset({Role.QUALITY_ADMIN, *REGIONAL_ROLES})
# The open-data API is public and read-only: nothing there needs the second factor.
OPEN_PREFIXES = ("/accounts/two-step/", "/accounts/sign-out/", "/static/", "/api/")


def must_use_second_factor(user: User) -> bool:
    return bool(settings.SECOND_FACTOR_REQUIRED) and scope_for(user).has_role(*STAFF_ROLES)


def next_step(request: HttpRequest) -> str | None:
    """Where a signed-in person must go before anything else, or None."""
    user = request.user
    if not isinstance(user, User) or services.is_verified(user):
        return None
    if services.noted_as_set_up(request.session, user):
        return reverse("accounts:two_step_verify")
    if must_use_second_factor(user):
        return reverse("accounts:two_step_set_up")
    return None


class SecondFactorMiddleware:
    """Sends a signed-in person who still owes a code to the page that asks for it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated and not request.path.startswith(OPEN_PREFIXES):
            step = next_step(request)
            if step is not None:
                return HttpResponseRedirect(
                    f"{step}?{urlencode({'next': request.get_full_path()})}"
                )
        return self.get_response(request)


def second_factor_reset(*, actor: User | None, user: User) -> None:
    """An administrator resets a lost authenticator: the person sets it up again when they
    next sign in."""
    check_actor(
        actor, can_manage_people, "Only a quality administrator can reset two-step verification"
    )
    services.remove_all(user=user, actor=actor)

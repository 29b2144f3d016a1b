"""The request a signed-in user's page receives."""

from __future__ import annotations

from django.http import HttpRequest

from accounts.models import User


class SignedInRequest(HttpRequest):
    """A request whose user has signed in: every view behind ``core.http.require`` gets one
    (``require`` sends anonymous visitors to sign in first)."""

    user: User

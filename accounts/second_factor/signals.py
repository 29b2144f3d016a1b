"""At sign-in, note in the session whether the person has set up two-step verification."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from accounts.models import User
from accounts.second_factor import services


def note_two_step(sender: Any, request: HttpRequest | None, user: User, **kwargs: Any) -> None:
    if request is not None and hasattr(request, "session"):
        services.note_in_session(request.session, user)

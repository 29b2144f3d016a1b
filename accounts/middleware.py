"""Demo accounts work only in demo mode, including sessions opened while it was on."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import redirect

from accounts.models import is_demo_account

DEMO_ENDED = (
    "Demo accounts only work when the service runs in demo mode, so you have been signed out"
)


class DemoSessionMiddleware:
    """Signs out a demo user whose session outlived demo mode, before their request does
    anything, and sends them to sign in with a message saying why.

    Sign-in refuses demo users outside demo mode (``accounts.forms.SignInForm``); this ends
    the sessions that were opened before the service restarted without it.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        user = getattr(request, "user", None)
        if (
            not settings.DEMO_MODE
            and user is not None
            and user.is_authenticated
            and is_demo_account(user.get_username())
        ):
            logout(request)
            messages.info(request, DEMO_ENDED)
            return redirect(settings.LOGIN_URL)
        return self.get_response(request)

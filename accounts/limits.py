"""The rate limits of signing in and of asking for password links (counted in the cache).

Lockout (django-axes) stops guessing at one account from one address; these stop one address
from trying many accounts, and anyone from filling a person's inbox with reset e-mails.
The sizes come from settings (``docs/configuration.md``); each window is an hour.
"""

from __future__ import annotations

from django.conf import settings

from core.ratelimit import Limit


def sign_in_failures() -> Limit:
    """Failed sign-ins from one client address, whichever accounts they name."""
    return Limit("sign-in-address", settings.SIGN_IN_ADDRESS_LIMIT, settings.RATE_LIMIT_WINDOW)


def reset_requests() -> Limit:
    """Password-reset requests from one client address."""
    return Limit("reset-address", settings.RESET_ADDRESS_LIMIT, settings.RATE_LIMIT_WINDOW)


def reset_emails() -> Limit:
    """Password-reset e-mails to one account."""
    return Limit("reset-email", settings.RESET_EMAIL_LIMIT, settings.RATE_LIMIT_WINDOW)

"""Setting up, using and renewing two-step verification; every step is audited."""

from __future__ import annotations

import re
import secrets
from typing import Any

from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.db import transaction
from django_otp.middleware import is_verified as user_is_verified
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import User
from core.audit import acting_as
from core.people import Actor

RECOVERY_CODES = 10
RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i to misread
APP_CODE = re.compile(r"\d{6}")
FIELD = "two-step verification"


def record(user: User, actor: Actor, before: str, after: str) -> None:
    """An audit entry on ``user``'s account for a step that changes no field of it."""
    with acting_as(actor):
        LogEntry.objects.log_create(
            user, force_log=True, action=LogEntry.Action.UPDATE, changes={FIELD: [before, after]}
        )


def is_set_up(user: User) -> bool:
    return bool(TOTPDevice.objects.filter(user=user, confirmed=True).exists())


# Whether the signed-in person has set it up, noted in their session when they sign in, so
# pages do not ask the database on every request.
SESSION_KEY = "two_step_set_up"


def note_in_session(session: Any, user: User) -> bool:
    """Note (and return) whether ``user`` has set it up, in their session."""
    session[SESSION_KEY] = is_set_up(user)
    return bool(session[SESSION_KEY])


def noted_as_set_up(session: Any, user: User) -> bool:
    """What the session noted at sign-in (found out now for a session from before)."""
    if SESSION_KEY not in session:
        return note_in_session(session, user)
    return bool(session[SESSION_KEY])


def is_verified(user: User) -> bool:
    """Whether ``user`` gave a code in this session (django-otp's middleware marks it)."""
    return bool(user_is_verified(user))


def recovery_codes_left(user: User) -> int:
    return int(StaticToken.objects.filter(device__user=user).count())


def setup_start(*, actor: User) -> TOTPDevice:
    """The new, not yet confirmed authenticator for ``actor`` (the same one until confirmed,
    so reloading the page does not change the key they are typing in)."""
    device = TOTPDevice.objects.filter(user=actor, confirmed=False).first()
    return device or TOTPDevice.objects.create(
        user=actor, name="Authenticator app", confirmed=False
    )


def _new_codes(user: User) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name="Recovery codes")
    codes = [
        "".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(10)) for _ in range(RECOVERY_CODES)
    ]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def setup_confirm(*, actor: User, token: str) -> tuple[TOTPDevice, list[str]]:
    """Confirm the new authenticator with a code from it; it replaces any earlier one, and
    a fresh set of recovery codes is made and returned (shown once)."""
    code = "".join(token.split())
    if not APP_CODE.fullmatch(code):
        raise ValidationError({"code": "Enter the 6-digit code your authenticator app shows"})
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().filter(user=actor, confirmed=False).first()
        if device is None:
            raise ValidationError({"code": "Start setting up two-step verification again"})
        if not device.verify_token(code):
            raise ValidationError(
                {"code": "That code is not right: check the app and the time on your phone"}
            )
        TOTPDevice.objects.filter(user=actor, confirmed=True).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        codes = _new_codes(actor)
        record(actor, actor, "not set up", "set up with an authenticator app")
    return device, codes


def verify(*, actor: User, token: str) -> TOTPDevice | StaticDevice:
    """The device that accepts ``token``: a 6-digit code from the app, or a recovery code
    (used once). Wrong codes are throttled by the device and recorded."""
    code = "".join(token.split()).lower()
    if not code:
        raise ValidationError({"code": "Enter the code from your authenticator app"})
    kind: type[TOTPDevice] | type[StaticDevice] = (
        TOTPDevice if APP_CODE.fullmatch(code) else StaticDevice
    )
    with transaction.atomic():
        for device in kind.objects.select_for_update().filter(user=actor, confirmed=True):
            allowed, why = device.verify_is_allowed()
            if not allowed:
                wait = (why or {}).get("locked_until")
                record(actor, actor, "", "code refused: too many wrong codes")
                raise ValidationError(
                    {
                        "code": "Too many wrong codes: wait a minute and try again"
                        + (f" (until {wait:%H:%M:%S})" if wait else "")
                    }
                )
            if device.verify_token(code):
                used = "recovery code used" if kind is StaticDevice else "code accepted"
                record(actor, actor, "", used)
                return device
    record(actor, actor, "", "wrong code")
    raise ValidationError({"code": "That code is not right"})


def recovery_codes_renew(*, actor: User) -> list[str]:
    """New recovery codes for someone who has set up the app; the old ones stop working."""
    if not is_set_up(actor):
        raise ValidationError("Set up two-step verification before making recovery codes")
    with transaction.atomic():
        codes = _new_codes(actor)
        record(actor, actor, "", "recovery codes renewed")
    return codes


def remove_all(*, user: User, actor: Actor) -> None:
    """Forget ``user``'s authenticator and recovery codes (a reset): they set it up again the
    next time they sign in. The caller checks that ``actor`` may."""
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()
        record(user, actor, "set up", "reset: to be set up again at the next sign-in")

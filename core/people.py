"""Who a request or a change comes from, as core can name it without importing accounts.

Apps above accounts use ``accounts.models.Viewer`` and ``User``; core, which imports no app,
names the same people through Django's own base classes.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied

# Whoever is asking: a signed-in user or an anonymous visitor.
type Person = AbstractBaseUser | AnonymousUser
# Whoever makes a change: a user, or None for the system (a command, the worker, a loader).
type Actor = AbstractBaseUser | AnonymousUser | None


def check_actor(actor: Actor, allowed: Callable[[Any], bool], refusal: str) -> None:
    """Check, then execute: refuse an actor the rule does not allow, with ``refusal`` naming
    who may. None is the system (a command, a loader, the worker) and may."""
    if actor is not None and not allowed(actor):
        raise PermissionDenied(refusal)

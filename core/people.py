"""Who a request or a change comes from, as core can name it without importing accounts.

Apps above accounts use ``accounts.models.Viewer`` and ``User``; core, which imports no app,
names the same people through Django's own base classes.
"""

from __future__ import annotations

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser

# Whoever is asking: a signed-in user or an anonymous visitor.
type Person = AbstractBaseUser | AnonymousUser
# Whoever makes a change: a user, or None for the system (a command, the worker, a loader).
type Actor = AbstractBaseUser | AnonymousUser | None

"""The organisations app's permission policy."""

from __future__ import annotations

from typing import TYPE_CHECKING

from core.people import Actor, check_actor
from core.scope import scope_of

if TYPE_CHECKING:
    from accounts.models import Viewer


def can_list_organisations(user: Viewer) -> bool:
    """Anyone with a role somewhere sees the organisations their roles reach."""
    return not scope_of(user).is_empty


def can_import_organisations(user: Viewer) -> bool:
    """Only a quality administrator (national scope) loads the register."""
    return scope_of(user).is_national


def check_may_change_register(actor: Actor) -> None:
    """Refuse anyone but a quality administrator or the system (a command, a loader: None)."""
    check_actor(
        actor,
        can_import_organisations,
        "Only quality administrators change the organisation register",
    )

"""The organisations app's permission policy."""

from __future__ import annotations

from typing import Any

from core.scope import scope_of


def can_list_organisations(user: Any) -> bool:
    """Anyone with a role somewhere sees the organisations their roles reach."""
    return not scope_of(user).is_empty


def can_import_organisations(user: Any) -> bool:
    """Only a quality administrator (national scope) loads the register."""
    return scope_of(user).is_national

"""The organisations app's permission policy."""

from __future__ import annotations

from typing import Any

from accounts.access import scope_for
from accounts.roles import Role


def can_list_organisations(user: Any) -> bool:
    """Anyone with a role somewhere sees the organisations their roles reach."""
    return not scope_for(user).is_empty


def can_import_organisations(user: Any) -> bool:
    return scope_for(user).has_role(Role.QUALITY_ADMIN)


def can_see_people_of(user: Any, organisation_id: int) -> bool:
    """Administrators, regional staff for their region, and members of the organisation."""
    scope = scope_for(user)
    return scope.is_national or bool(scope.region_ids) or organisation_id in scope.organisation_ids

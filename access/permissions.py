"""The accounts app's permission policy: who may manage people and read the audit trail."""

from __future__ import annotations

from typing import TYPE_CHECKING

from access.roles import Role
from access.scope import scope_for

if TYPE_CHECKING:
    from access.models import Membership
    from accounts.models import User, Viewer


def can_manage_people(user: Viewer) -> bool:
    return scope_for(user).has_role(Role.QUALITY_ADMIN)


def can_read_audit_log(user: Viewer) -> bool:
    return scope_for(user).has_role(Role.QUALITY_ADMIN)


def can_see_people_of(user: Viewer, organisation_id: int) -> bool:
    """Administrators, regional staff for their region, and members of the organisation."""
    scope = scope_for(user)
    return scope.is_national or bool(scope.region_ids) or organisation_id in scope.organisation_ids


def can_switch_off(actor: User, person: User) -> bool:
    """Administrators may switch off anyone's account but their own."""
    return can_manage_people(actor) and actor.pk != person.pk


def can_remove_membership(actor: User, membership: Membership) -> bool:
    """Any role may be removed except the administrator's own last administrator role."""
    from access.services import removes_own_last_admin_role

    return can_manage_people(actor) and not removes_own_last_admin_role(actor, membership)

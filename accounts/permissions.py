"""The accounts app's permission policy: who may manage people and read the audit trail."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from accounts.access import scope_for
from accounts.roles import Role

if TYPE_CHECKING:
    from accounts.models import Membership, User


def can_manage_people(user: Any) -> bool:
    return scope_for(user).has_role(Role.QUALITY_ADMIN)


def can_read_audit_log(user: Any) -> bool:
    return scope_for(user).has_role(Role.QUALITY_ADMIN)


def can_switch_off(actor: User, person: User) -> bool:
    """Administrators may switch off anyone's account but their own."""
    return can_manage_people(actor) and actor.pk != person.pk


def can_remove_membership(actor: User, membership: Membership) -> bool:
    """Any role may be removed except the administrator's own last administrator role."""
    from accounts.services import removes_own_last_admin_role

    return can_manage_people(actor) and not removes_own_last_admin_role(actor, membership)

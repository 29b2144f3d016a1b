"""The accounts app's permission policy: who may manage people and read the audit trail."""

from __future__ import annotations

from typing import Any

from accounts.access import scope_for
from accounts.roles import Role


def can_manage_people(user: Any) -> bool:
    return scope_for(user).has_role(Role.QUALITY_ADMIN)


def can_read_audit_log(user: Any) -> bool:
    return scope_for(user).has_role(Role.QUALITY_ADMIN)

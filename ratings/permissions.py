"""The QCPM permission policy: who may define, load, compute, publish and read ratings."""

from __future__ import annotations

from typing import Any

from accounts.access import scope_for
from accounts.roles import Role


def can_manage_methodology(user: Any) -> bool:
    """Quality administrators own KPI definitions and methodologies."""
    return scope_for(user).has_role(Role.QUALITY_ADMIN)


def can_view_methodology(user: Any) -> bool:
    """Methodologies are read by the people who work with ratings (not by anonymous visitors)."""
    scope = scope_for(user)
    return scope.has_role(
        Role.QUALITY_ADMIN, Role.CONTRACT_MANAGER, Role.REGIONAL_LEAD, Role.EP_LEAD
    )


def can_manage_ratings(user: Any) -> bool:
    """Contract managers (and administrators) load KPI data, compute, approve and publish."""
    return scope_for(user).has_role(Role.QUALITY_ADMIN, Role.CONTRACT_MANAGER)


def can_view_ratings(user: Any) -> bool:
    """Anyone who works with ratings; what each sees is narrowed by the selectors."""
    return can_view_methodology(user)

"""The QCPM permission policy: who may define, load, compute, publish and read ratings."""

from __future__ import annotations

from typing import TYPE_CHECKING

from access.roles import Role
from access.scope import scope_for

if TYPE_CHECKING:
    from accounts.models import Viewer
    from organisations.models import Organisation
    from ratings.models import RatingRound


def can_manage_methodology(user: Viewer) -> bool:
    """Quality administrators own KPI definitions and methodologies."""
    return scope_for(user).has_role(Role.QUALITY_ADMIN)


def can_view_methodology(user: Viewer) -> bool:
    """Methodologies are read by the people who work with ratings (not by anonymous visitors)."""
    scope = scope_for(user)
    return scope.has_role(
        Role.QUALITY_ADMIN, Role.CONTRACT_MANAGER, Role.REGIONAL_LEAD, Role.EP_LEAD
    )


def can_manage_ratings(user: Viewer) -> bool:
    """Contract managers (and administrators) load KPI data, compute, approve and publish:
    each contract manager only their own region's ratings (``can_manage_region``)."""
    return scope_for(user).has_role(Role.QUALITY_ADMIN, Role.CONTRACT_MANAGER)


def can_manage_region(user: Viewer, region_id: int | None) -> bool:
    """A quality administrator, or a contract manager of this region: who computes, previews,
    approves and publishes the region's ratings."""
    scope = scope_for(user)
    if scope.is_national:
        return True
    # Regional leads share the region but do not run the ratings workflow.
    return region_id is not None and region_id in scope.regions_where(Role.CONTRACT_MANAGER)


def can_manage_round(user: Viewer, round_: RatingRound) -> bool:
    """Whoever manages the round's region moves the round on."""
    return can_manage_region(user, round_.region_id)


def can_view_ratings(user: Viewer) -> bool:
    """Anyone who works with ratings; what each sees is narrowed by the selectors."""
    return can_view_methodology(user)


def leads_provider(user: Viewer, provider_id: int) -> bool:
    """The user is an education provider lead of this provider."""
    return Role.EP_LEAD in scope_for(user).roles_in(provider_id)


def can_manage_provider_ratings(user: Viewer, provider: Organisation) -> bool:
    """A quality administrator, or a contract manager of the provider's region."""
    return can_manage_region(user, provider.region_id)

"""The register's permission policy: who reads the register, opens items and moves them on."""

from __future__ import annotations

from typing import TYPE_CHECKING

from access.roles import REGIONAL_ROLES, Role
from access.scope import scope_for
from register.models import PROVIDER_ROLES, ItemKind, QualityItem

if TYPE_CHECKING:
    from accounts.models import Viewer
    from organisations.models import Organisation

# Kinds a provider may put in the register about itself; the rest are the quality team's.
SELF_KINDS = frozenset({ItemKind.IMPROVEMENT_ACTION, ItemKind.SELF_REPORTED_RISK})


def can_view_register(user: Viewer) -> bool:
    """Quality administrators, regional staff and provider staff; what each sees is narrowed
    by ``QualityItem.objects.visible_to``."""
    return scope_for(user).has_role(Role.QUALITY_ADMIN, *REGIONAL_ROLES, *PROVIDER_ROLES)


def can_open(user: Viewer, organisation: Organisation, kind: str) -> bool:
    """Who may put an item about ``organisation`` in the register.

    Administrators any; regional staff any kind about a provider of their region; a
    provider's own staff its improvement actions and self-reported risks. QCPM follow-ups
    come only from publishing the national ratings, which any contract manager may do.
    """
    scope = scope_for(user)
    if scope.is_national:
        return True
    if kind == ItemKind.QCPM_FOLLOW_UP:
        return scope.has_role(Role.CONTRACT_MANAGER)
    if organisation.region_id in scope.regions_where(*REGIONAL_ROLES):
        return True
    return kind in SELF_KINDS and bool(scope.roles_in(organisation.pk) & set(PROVIDER_ROLES))


def answers_for(user: Viewer, item: QualityItem) -> bool:
    """The owner organisation's staff submit the evidence."""
    return bool(scope_for(user).roles_in(item.owner_organisation_id) & set(PROVIDER_ROLES))


def reviews(user: Viewer, item: QualityItem) -> bool:
    """Quality administrators, and the quality leads of the item's region, accept, return,
    escalate and de-escalate."""
    scope = scope_for(user)
    return scope.is_national or item.organisation.region_id in scope.regions_where(
        Role.REGIONAL_LEAD
    )

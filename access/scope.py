"""What a user may see: worked out once per request from their memberships.

Every selector narrows its queryset with this scope, so a record outside it is never
fetched and a page for it is "not found". The Scope itself is plain ids (``core.scope``);
this module builds it from the user's roles and is installed as core's builder.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from access.roles import REGIONAL_ROLES, Role
from core.scope import EMPTY_SCOPE, Scope

if TYPE_CHECKING:
    from accounts.models import Viewer

    pass

_CACHE_ATTR = "_edquality_scope"


def scope_for(user: Viewer | None) -> Scope:
    """The user's scope, cached on the user object for the rest of the request."""
    if user is None or not user.is_authenticated or not user.is_active:
        return EMPTY_SCOPE
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is not None:
        return cast(Scope, cached)
    from access.models import Membership

    rows = Membership.objects.filter(user_id=user.pk, organisation__status="open").values_list(
        "organisation_id", "organisation__region_id", "role"
    )
    roles: set[Role] = set()
    organisation_ids: set[int] = set()
    region_ids: set[int] = set()
    by_organisation: dict[int, set[Role]] = {}
    by_role: dict[Role, set[int]] = {}
    for organisation_id, region_id, role_value in rows:
        role = Role(role_value)
        roles.add(role)
        organisation_ids.add(organisation_id)
        by_organisation.setdefault(organisation_id, set()).add(role)
        if role in REGIONAL_ROLES and region_id is not None:
            region_ids.add(region_id)
            by_role.setdefault(role, set()).add(region_id)
    scope = Scope(
        frozenset(roles),
        frozenset(organisation_ids),
        frozenset(region_ids),
        {key: frozenset(value) for key, value in by_organisation.items()},
        is_national=Role.QUALITY_ADMIN in roles,
        regions_by_role={key: frozenset(value) for key, value in by_role.items()},
    )
    setattr(user, _CACHE_ATTR, scope)
    return scope


def forget_scope(user: Viewer) -> None:
    """Drop the cached scope after the user's memberships change."""
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)

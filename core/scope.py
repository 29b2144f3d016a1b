"""What a user may see, as plain sets of ids: the Scope every read is narrowed by.

Core knows nothing of roles or memberships. The access app works a user's scope out and
installs its builder here when it starts (``install``), so the apps below it (organisations,
programmes) narrow their querysets with ``scope_of(user)`` without importing it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Scope:
    """The roles a user holds and the organisations and regions they reach."""

    roles: frozenset[str]
    organisation_ids: frozenset[int]
    region_ids: frozenset[int]
    roles_by_organisation: Mapping[int, frozenset[str]] = field(default_factory=dict)
    # National scope (a quality administrator) reaches every organisation and region.
    is_national: bool = False
    # For each regional role, the regions where the user holds it.
    regions_by_role: Mapping[str, frozenset[int]] = field(default_factory=dict)

    @property
    def is_empty(self) -> bool:
        return not self.organisation_ids and not self.region_ids

    def has_role(self, *roles: str) -> bool:
        return any(role in self.roles for role in roles)

    def roles_in(self, organisation_id: int) -> frozenset[str]:
        return self.roles_by_organisation.get(organisation_id, frozenset())

    def organisations_where(self, *roles: str) -> frozenset[int]:
        """The organisations in which the user holds any of these roles."""
        wanted = set(roles)
        return frozenset(
            organisation_id
            for organisation_id, held in self.roles_by_organisation.items()
            if held & wanted
        )

    def regions_where(self, *roles: str) -> frozenset[int]:
        """The regions in which the user holds any of these (regional) roles."""
        return frozenset().union(*(self.regions_by_role.get(role, frozenset()) for role in roles))


EMPTY_SCOPE = Scope(frozenset(), frozenset(), frozenset())

_builder: Callable[[Any], Scope] | None = None


def install(builder: Callable[[Any], Scope]) -> None:
    """Called once by the access app: how a user's scope is worked out."""
    global _builder
    _builder = builder


def scope_of(who: Scope | Any) -> Scope:
    """``who``'s scope: a Scope is returned as it is, a user's is built (and cached) by access."""
    if isinstance(who, Scope):
        return who
    if _builder is None:
        raise RuntimeError("No scope builder installed: is the access app in INSTALLED_APPS?")
    return _builder(who)

"""What each persona may see, as worked out by ``access.scope.scope_for``."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from access.models import Membership
from access.roles import Role
from access.scope import forget_scope, scope_for
from access.testing import World
from accounts.models import User
from core.scope import EMPTY_SCOPE
from organisations.models import Organisation, Region


def _fresh(world: World, persona: str) -> User:
    # A new object, so no scope is cached on it yet.
    return User.objects.get(pk=world.user(persona).pk)


def _visible(user: User) -> set[Organisation]:
    return set(Organisation.objects.visible_to(user))


def test_the_national_administrator_sees_every_organisation(world: World) -> None:
    admin = _fresh(world, "admin")
    scope = scope_for(admin)

    assert scope.is_national
    assert scope.roles == {Role.QUALITY_ADMIN}
    assert scope.organisation_ids == {world.national.pk}
    assert _visible(admin) == set(Organisation.objects.all())


@pytest.mark.parametrize("persona", ["regional_lead", "contract_manager"])
def test_regional_roles_reach_their_whole_region_and_no_other(world: World, persona: str) -> None:
    user = _fresh(world, persona)
    scope = scope_for(user)

    assert not scope.is_national
    assert scope.region_ids == {Region.objects.get(code="LON").pk}
    assert scope.organisation_ids == {world.london_team.pk}
    visible = _visible(user)
    assert {world.london_ep, world.london_pp, world.london_team} <= visible
    assert not visible & {world.midlands_ep, world.midlands_pp, world.midlands_team}


@pytest.mark.parametrize(
    ("persona", "home", "role"),
    [
        ("ep_lead", "london_ep", Role.EP_LEAD),
        ("pp_contributor", "london_pp", Role.PP_CONTRIBUTOR),
        ("pp_executive", "london_pp", Role.PP_EXECUTIVE),
        ("panel_member", "london_pp", Role.PANEL_MEMBER),
    ],
)
def test_provider_roles_reach_only_their_own_organisation(
    world: World, persona: str, home: str, role: Role
) -> None:
    user = _fresh(world, persona)
    organisation = getattr(world, home)
    scope = scope_for(user)

    assert scope.roles == {role}
    assert scope.organisation_ids == {organisation.pk}
    assert scope.region_ids == frozenset()
    assert scope.roles_in(organisation.pk) == {role}
    assert _visible(user) == {organisation}


def test_someone_with_no_role_has_an_empty_scope(world: World) -> None:
    user = _fresh(world, "no_role")

    assert scope_for(user) == EMPTY_SCOPE
    assert scope_for(user).is_empty
    assert _visible(user) == set()


def test_anonymous_visitors_and_switched_off_accounts_have_an_empty_scope(world: World) -> None:
    admin = _fresh(world, "admin")
    admin.is_active = False

    assert scope_for(AnonymousUser()) == EMPTY_SCOPE
    assert scope_for(admin) == EMPTY_SCOPE


def test_roles_in_a_closed_organisation_are_ignored(world: World) -> None:
    contributor = world.user("pp_contributor")
    Membership.objects.create(
        user=contributor, organisation=world.midlands_pp, role=Role.PP_CONTRIBUTOR
    )
    Organisation.objects.filter(pk=world.london_pp.pk).update(status="closed")

    scope = scope_for(_fresh(world, "pp_contributor"))

    assert scope.organisation_ids == {world.midlands_pp.pk}


def test_a_regional_role_in_a_closed_team_gives_no_region(world: World) -> None:
    Organisation.objects.filter(pk=world.london_team.pk).update(status="closed")

    assert scope_for(_fresh(world, "regional_lead")).is_empty


def test_the_scope_is_cached_on_the_user_object_until_forgotten(
    world: World, django_assert_num_queries
) -> None:
    user = _fresh(world, "ep_lead")
    with django_assert_num_queries(1):
        first = scope_for(user)
    with django_assert_num_queries(0):
        assert scope_for(user) is first

    Membership.objects.create(user=user, organisation=world.london_pp, role=Role.PANEL_MEMBER)
    assert scope_for(user) is first  # still the cached answer

    forget_scope(user)
    with django_assert_num_queries(1):
        refreshed = scope_for(user)
    assert refreshed.organisation_ids == {world.london_ep.pk, world.london_pp.pk}


def test_each_user_object_works_out_its_own_scope(world: World, django_assert_num_queries) -> None:
    first, second = _fresh(world, "ep_lead"), _fresh(world, "ep_lead")
    scope_for(first)

    with django_assert_num_queries(1):
        scope_for(second)


def test_forgetting_a_scope_that_was_never_worked_out_is_harmless(world: World) -> None:
    forget_scope(_fresh(world, "ep_lead"))


def test_the_scope_says_where_each_regional_role_is_held(world: World) -> None:
    # The London lead also becomes a contract manager in the Midlands.
    user = _fresh(world, "regional_lead")
    Membership.objects.create(
        user=user, organisation=world.midlands_team, role=Role.CONTRACT_MANAGER
    )
    scope = scope_for(_fresh(world, "regional_lead"))

    london, midlands = world.london_team.region_id, world.midlands_team.region_id
    assert scope.regions_where(Role.REGIONAL_LEAD) == {london}
    assert scope.regions_where(Role.CONTRACT_MANAGER) == {midlands}
    assert scope.regions_where(Role.REGIONAL_LEAD, Role.CONTRACT_MANAGER) == {london, midlands}
    assert scope.regions_where(Role.EP_LEAD) == frozenset()
    assert scope.organisations_where(Role.CONTRACT_MANAGER) == {world.midlands_team.pk}

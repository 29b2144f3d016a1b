"""The people who hold roles at an organisation are shown when an import would change it."""

from __future__ import annotations

import pytest

from access.live import people_with_roles
from access.scope import scope_for

pytestmark = pytest.mark.django_db


def test_people_are_counted_once_each_and_only_for_quality_administrators(world) -> None:
    ids = [world.london_pp.pk, world.midlands_pp.pk]
    london_people = world.london_pp.memberships.values("user").distinct().count()

    counted = people_with_roles(ids, scope_for(world.user("admin")))

    assert counted[world.london_pp.pk] == london_people
    assert world.midlands_pp.pk not in counted or counted[world.midlands_pp.pk] > 0
    assert people_with_roles(ids, scope_for(world.user("regional_lead"))) == {}


def test_switched_off_people_are_not_counted(world) -> None:
    admin = scope_for(world.user("admin"))
    before = people_with_roles([world.london_pp.pk], admin)[world.london_pp.pk]
    contributor = world.user("pp_contributor")
    contributor.is_active = False
    contributor.save()

    assert people_with_roles([world.london_pp.pk], admin).get(world.london_pp.pk, 0) == before - 1

"""An education provider's unpublished ratings and open follow-ups are shown when an import
would change it."""

from __future__ import annotations

import pytest

from core.scope import EMPTY_SCOPE
from organisations.imports.selectors import changed_with_live_work
from organisations.imports.services import import_preview
from organisations.models import ImportRun
from ratings.live import open_follow_ups, unpublished_ratings
from ratings.models import FollowUp, RatingRound, RoundStatus
from ratings.testing import build_qcpm

pytestmark = pytest.mark.django_db

# The London university of the test world, as a providers file placing it in the Midlands.
MOVED = b"ukprn,name,region\n10000001,University of Thameside,Midlands\n"


def test_a_moved_providers_unpublished_ratings_are_listed(world) -> None:
    build_qcpm(world)
    plan, run = import_preview(
        actor=world.user("admin"),
        source=ImportRun.Source.PROVIDERS,
        file_name="providers.csv",
        data=MOVED,
    )
    assert run is not None and [u.code for u in plan.region_moves()] == ["10000001"]

    live = changed_with_live_work(plan, world.user("admin"))

    assert "1 rating not yet published" in live[world.london_ep.pk]


def test_published_ratings_count_only_while_their_follow_up_is_open(world) -> None:
    qcpm = build_qcpm(world)
    ids = [world.london_ep.pk, world.midlands_ep.pk]
    admin = world.user("admin")
    assert unpublished_ratings(ids, admin) == {world.london_ep.pk: 1, world.midlands_ep.pk: 1}

    RatingRound.objects.filter(pk__in=[qcpm.round.pk, qcpm.midlands_round.pk]).update(
        status=RoundStatus.PUBLISHED
    )
    FollowUp.objects.create(rating=qcpm.ratings["midlands"])

    assert unpublished_ratings(ids, admin) == {}
    assert open_follow_ups(ids, admin) == {world.midlands_ep.pk: 1}
    FollowUp.objects.update(status=FollowUp.Status.CLOSED)
    assert open_follow_ups(ids, admin) == {}


def test_only_what_the_scope_may_see_is_counted(world) -> None:
    build_qcpm(world)
    ids = [world.london_ep.pk, world.midlands_ep.pk]

    assert unpublished_ratings(ids, EMPTY_SCOPE) == {}
    assert unpublished_ratings(ids, world.user("contract_manager")) == {world.london_ep.pk: 1}

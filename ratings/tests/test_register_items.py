"""A published Red or Low Amber rating's follow-up is an item in the quality register,
opened by whoever published and linked back to the rating."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from auditlog.models import LogEntry

from core import clock
from ratings.compute.services import ratings_compute
from ratings.models import FollowUp
from ratings.testing import YEAR, preview_closed
from ratings.workflow.follow_ups import follow_ups_open
from ratings.workflow.services import round_transition
from register.models import ItemKind, ItemStatus, QualityItem
from register.sources import label_of, link_of

# The preview closes a week after the clock's today, so CI runs this on other days too.
pytestmark = [pytest.mark.django_db, pytest.mark.date_sensitive]


def _publish(qcpm: Any) -> None:
    """The Midlands contract manager publishes the Midlands round, whose provider is Red."""
    manager = qcpm.world.user("midlands_contract_manager")
    round_ = qcpm.midlands_round
    ratings_compute(actor=manager, year=YEAR, region=round_.region)
    closes = clock.today() + dt.timedelta(days=7)
    round_transition(actor=manager, round_=round_, name="preview", preview_closes_on=closes)
    preview_closed(round_)
    for name in ("approve", "publish"):
        round_transition(actor=manager, round_=round_, name=name)


def test_publishing_opens_a_qcpm_follow_up_item_linked_to_the_rating(qcpm: Any) -> None:
    _publish(qcpm)
    follow_up = FollowUp.objects.select_related("rating__programme").get()
    item = QualityItem.objects.get()
    assert (item.kind, item.status) == (ItemKind.QCPM_FOLLOW_UP, ItemStatus.OPEN)
    assert item.organisation == qcpm.world.midlands_ep
    assert item.programme == follow_up.rating.programme
    assert (item.source_kind, item.source_id) == ("ratings.follow_up", follow_up.pk)
    assert item.source_label.endswith("QCPM rating of Pre-registration nursing (adult): Red")
    assert label_of(item.source_kind) == "QCPM follow-up"
    assert link_of(item.source_kind, item.source_id) == f"/ratings/rating/{follow_up.rating_id}/"
    # The Midlands contract manager published the region's ratings: the trail names them.
    opened = LogEntry.objects.get_for_object(item).get()
    assert opened.actor == qcpm.world.user("midlands_contract_manager")


def test_opening_follow_ups_again_opens_no_second_item(qcpm: Any) -> None:
    _publish(qcpm)
    follow_ups_open(qcpm.midlands_round, actor=None)
    assert QualityItem.objects.count() == FollowUp.objects.count() == 1

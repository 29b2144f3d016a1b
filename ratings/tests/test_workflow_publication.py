"""Publication freezes ratings and opens follow-ups; corrections become visible revisions."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from ratings.models import FollowUp, KpiValue, Rating, RatingBand, RatingRound, RoundStatus
from ratings.services_ratings import ratings_compute
from ratings.services_workflow import (
    follow_up_action_add,
    follow_up_close,
    rating_correct,
    round_transition,
)
from ratings.testing import YEAR

pytestmark = pytest.mark.django_db


def _publish(qcpm: Any) -> None:
    manager = qcpm.world.user("contract_manager")
    ratings_compute(actor=manager, year=YEAR)
    closes = timezone.localdate() + dt.timedelta(days=7)
    for name in ("preview", "approve", "publish"):
        round_transition(actor=manager, round_=qcpm.round, name=name, preview_closes_on=closes)
    qcpm.round.refresh_from_db()


def _current(qcpm: Any, region: str = "midlands", programme: Any = "nursing") -> Rating:
    provider = qcpm.world.london_ep if region == "london" else qcpm.world.midlands_ep
    return Rating.objects.get(
        round=qcpm.round,
        education_provider=provider,
        programme=qcpm.world.nursing if programme == "nursing" else None,
        is_current=True,
    )


def test_publishing_opens_a_follow_up_for_each_red_or_low_amber_programme(qcpm: Any) -> None:
    _publish(qcpm)
    follow_ups = list(FollowUp.objects.select_related("rating"))
    assert [f.rating for f in follow_ups] == [_current(qcpm)]
    assert follow_ups[0].rating.band == RatingBand.RED
    assert follow_ups[0].status == FollowUp.Status.OPEN


def test_a_low_amber_rating_opens_a_follow_up_too_but_not_an_overall_one(qcpm: Any) -> None:
    ratings_compute(actor=None, year=YEAR)
    Rating.objects.filter(round=qcpm.round).update(band=RatingBand.LOW_AMBER)
    closes = timezone.localdate() + dt.timedelta(days=7)
    manager = qcpm.world.user("contract_manager")
    for name in ("preview", "approve", "publish"):
        round_transition(actor=manager, round_=qcpm.round, name=name, preview_closes_on=closes)
    assert FollowUp.objects.count() == 2
    assert not FollowUp.objects.filter(rating__programme__isnull=True).exists()


def test_published_ratings_are_frozen(qcpm: Any) -> None:
    _publish(qcpm)
    with pytest.raises(ValidationError, match="can no longer be recomputed"):
        ratings_compute(actor=None, year=YEAR)


def test_a_provider_lead_adds_an_action_and_every_field_is_required(qcpm: Any) -> None:
    _publish(qcpm)
    follow_up = FollowUp.objects.get()
    with pytest.raises(ValidationError) as refused:
        follow_up_action_add(
            actor=qcpm.world.user("admin"),
            follow_up=follow_up,
            description="",
            owner=" ",
            due_on=None,
        )
    assert set(refused.value.message_dict) == {"description", "owner", "due_on"}
    # The London lead does not lead Trentbridge.
    with pytest.raises(PermissionDenied):
        follow_up_action_add(
            actor=qcpm.world.user("ep_lead"),
            follow_up=follow_up,
            description="Retention plan",
            owner="Dean",
            due_on=dt.date(2026, 6, 30),
        )
    action = follow_up_action_add(
        actor=qcpm.world.user("admin"),
        follow_up=follow_up,
        description="Retention plan",
        owner="Dean of Health",
        due_on=dt.date(2026, 6, 30),
    )
    assert list(follow_up.actions.all()) == [action]


def test_the_action_form_shows_every_missing_field(
    qcpm: Any, client_for: Callable[[str], Client]
) -> None:
    _publish(qcpm)
    follow_up = FollowUp.objects.get()
    response = client_for("admin").post(
        reverse("ratings:rating_follow_up_action", args=[follow_up.pk]), {}
    )
    text = response.content.decode()
    for message in (
        "Enter what will be done",
        "Enter who owns the action",
        "Enter the date the action is due",
    ):
        assert message in text
    assert "<title>Error: " in text


def test_a_contract_manager_closes_a_follow_up_and_no_actions_follow(qcpm: Any) -> None:
    _publish(qcpm)
    follow_up = FollowUp.objects.get()
    # A London contract manager does not manage the Midlands provider.
    with pytest.raises(PermissionDenied):
        follow_up_close(actor=qcpm.world.user("contract_manager"), follow_up=follow_up)
    follow_up_close(actor=qcpm.world.user("admin"), follow_up=follow_up, reason="Plan delivered")
    follow_up.refresh_from_db()
    assert follow_up.status == FollowUp.Status.CLOSED and follow_up.closed_at is not None
    with pytest.raises(ValidationError, match="follow-up is closed"):
        follow_up_action_add(
            actor=qcpm.world.user("admin"),
            follow_up=follow_up,
            description="Late",
            owner="Someone",
            due_on=dt.date(2026, 1, 1),
        )


def test_a_correction_makes_a_new_visible_revision(
    qcpm: Any, client_for: Callable[[str], Client]
) -> None:
    _publish(qcpm)
    old = _current(qcpm, "london")
    KpiValue.objects.filter(kpi__code="ATTR", education_provider=qcpm.world.london_ep).update(
        value=Decimal("30"), numerator=Decimal("35"), denominator=Decimal("118")
    )
    new = rating_correct(
        actor=qcpm.world.user("contract_manager"), rating=old, note="Attrition re-counted"
    )
    old.refresh_from_db()
    assert (old.is_current, new.is_current) == (False, True)
    assert (old.revision, new.revision) == (1, 2)
    assert new.band != old.band
    assert new.correction_note == "Attrition re-counted"
    # The overall rating follows the programme's correction.
    overall = _current(qcpm, "london", programme=None)
    assert overall.revision == 2 and overall.score == new.score
    page = client_for("contract_manager").get(reverse("ratings:rating", args=[new.pk]))
    text = page.content.decode()
    assert "Attrition re-counted" in text and "Revision 1" in text


def test_a_correction_is_refused_before_publication_or_without_a_note(qcpm: Any) -> None:
    ratings_compute(actor=None, year=YEAR)
    rating = _current(qcpm, "london")
    with pytest.raises(ValidationError, match="Only published ratings"):
        rating_correct(actor=qcpm.world.user("admin"), rating=rating, note="Fix")
    RatingRound.objects.filter(pk=qcpm.round.pk).update(status=RoundStatus.PUBLISHED)
    rating.refresh_from_db()
    with pytest.raises(ValidationError, match="Enter a note"):
        rating_correct(actor=qcpm.world.user("admin"), rating=rating, note="")
    with pytest.raises(PermissionDenied):
        rating_correct(actor=qcpm.world.user("regional_lead"), rating=rating, note="Fix")
    assert Rating.objects.filter(round=qcpm.round).count() == 4


def test_a_correction_to_red_opens_a_follow_up(qcpm: Any) -> None:
    _publish(qcpm)
    KpiValue.objects.filter(education_provider=qcpm.world.london_ep).update(value=Decimal("1"))
    new = rating_correct(
        actor=qcpm.world.user("admin"), rating=_current(qcpm, "london"), note="Data replaced"
    )
    assert new.band == RatingBand.RED
    assert FollowUp.objects.filter(rating=new).exists()

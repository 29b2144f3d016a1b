"""Publication freezes ratings and opens follow-ups; corrections become visible revisions."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from access.models import Membership
from access.roles import Role
from accounts.models import User
from core import clock
from ratings.compute.services import ratings_compute
from ratings.models import (
    FollowUp,
    FollowUpAction,
    KpiValue,
    Rating,
    RatingBand,
    RatingRound,
    RoundStatus,
)
from ratings.testing import YEAR, compute_every_region, preview_closed
from ratings.workflow.corrections import rating_correct
from ratings.workflow.follow_ups import (
    follow_up_action_add,
    follow_up_action_done,
    follow_up_close,
)
from ratings.workflow.services import round_transition

# Dates here are counted from the clock's today, so CI runs them again on other days.
pytestmark = [pytest.mark.django_db, pytest.mark.date_sensitive]


def _managed(qcpm: Any) -> list[tuple[RatingRound, User]]:
    """Each region's round with its own contract manager."""
    return [
        (qcpm.round, qcpm.world.user("contract_manager")),
        (qcpm.midlands_round, qcpm.world.user("midlands_contract_manager")),
    ]


def _publish(qcpm: Any, *, compute: bool = True) -> None:
    """Both regions' ratings computed and published, each by its own contract manager."""
    closes = clock.today() + dt.timedelta(days=7)
    for round_, manager in _managed(qcpm):
        if compute:
            ratings_compute(actor=manager, year=YEAR, region=round_.region)
        round_transition(actor=manager, round_=round_, name="preview", preview_closes_on=closes)
        preview_closed(round_)
        for name in ("approve", "publish"):
            round_transition(actor=manager, round_=round_, name=name)
        round_.refresh_from_db()


def _current(qcpm: Any, region: str = "midlands", programme: Any = "nursing") -> Rating:
    provider = qcpm.world.london_ep if region == "london" else qcpm.world.midlands_ep
    return Rating.objects.get(
        round__academic_year=YEAR,
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
    compute_every_region()
    Rating.objects.filter(round__academic_year=YEAR).update(band=RatingBand.LOW_AMBER)
    _publish(qcpm, compute=False)
    assert FollowUp.objects.count() == 2
    assert not FollowUp.objects.filter(rating__programme__isnull=True).exists()


def test_providers_leads_are_emailed_when_the_preview_opens_and_at_publication(
    qcpm: Any, django_capture_on_commit_callbacks: Any, mailoutbox: list[Any]
) -> None:
    manager = qcpm.world.user("contract_manager")
    lead = qcpm.world.user("ep_lead")
    ratings_compute(actor=manager, year=YEAR, region=qcpm.round.region)
    closes = clock.today() + dt.timedelta(days=7)
    with django_capture_on_commit_callbacks(execute=True):
        round_transition(actor=manager, round_=qcpm.round, name="preview", preview_closes_on=closes)
    # Only the London provider has a lead in the test world.
    assert [m.to for m in mailoutbox] == [[lead.email]]
    preview = mailoutbox[0]
    assert "ready to preview" in preview.subject
    assert qcpm.world.london_ep.name in preview.subject
    assert f"/ratings/rounds/{YEAR}/lon/" in preview.body
    assert str(closes.year) in preview.body
    preview_closed(qcpm.round)
    with django_capture_on_commit_callbacks(execute=True):
        round_transition(actor=manager, round_=qcpm.round, name="approve")
    assert len(mailoutbox) == 1  # approval is not announced to providers
    with django_capture_on_commit_callbacks(execute=True):
        round_transition(actor=manager, round_=qcpm.round, name="publish")
    published = mailoutbox[-1]
    assert len(mailoutbox) == 2 and "published" in published.subject
    assert published.to == [lead.email]
    # London's nursing rating is not Red or Low Amber, so no follow-up is mentioned.
    assert "follow-up" not in published.body


def test_the_publication_email_asks_for_an_improvement_plan_where_a_follow_up_opened(
    qcpm: Any, django_capture_on_commit_callbacks: Any, mailoutbox: list[Any]
) -> None:
    midlands_lead = User.objects.create_user("lead@trentbridge.test", full_name="Trent Lead")
    Membership.objects.create(
        user=midlands_lead, organisation=qcpm.world.midlands_ep, role=Role.EP_LEAD
    )
    with django_capture_on_commit_callbacks(execute=True):
        _publish(qcpm)
    published = [m for m in mailoutbox if "published" in m.subject]
    by_address = {m.to[0]: m for m in published}
    assert set(by_address) == {midlands_lead.email, qcpm.world.user("ep_lead").email}
    assert "1 of your programme ratings is Red or Low Amber" in by_address[midlands_lead.email].body


def test_a_refused_step_emails_nobody(
    qcpm: Any, django_capture_on_commit_callbacks: Any, mailoutbox: list[Any]
) -> None:
    manager = qcpm.world.user("contract_manager")
    ratings_compute(actor=manager, year=YEAR, region=qcpm.round.region)
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(ValidationError, match="must be approved"),
    ):
        round_transition(actor=manager, round_=qcpm.round, name="publish")
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(ValidationError, match="today or later"),
    ):
        round_transition(
            actor=manager,
            round_=qcpm.round,
            name="preview",
            preview_closes_on=clock.today() - dt.timedelta(days=1),
        )
    assert mailoutbox == []


def test_published_ratings_are_frozen(qcpm: Any) -> None:
    _publish(qcpm)
    for round_ in (qcpm.round, qcpm.midlands_round):
        with pytest.raises(ValidationError, match="can no longer be recomputed"):
            ratings_compute(actor=None, year=YEAR, region=round_.region)


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
            due_on=clock.today() + dt.timedelta(days=180),
        )
    action = follow_up_action_add(
        actor=qcpm.world.user("admin"),
        follow_up=follow_up,
        description="Retention plan",
        owner="Dean of Health",
        due_on=clock.today() + dt.timedelta(days=180),
    )
    assert list(follow_up.actions.all()) == [action]
    # An action is due today or later (it was once accepted for 1 January 2020).
    with pytest.raises(ValidationError) as refused:
        follow_up_action_add(
            actor=qcpm.world.user("admin"),
            follow_up=follow_up,
            description="Retention plan",
            owner="Dean of Health",
            due_on=dt.date(2020, 1, 1),
        )
    assert refused.value.message_dict == {
        "due_on": ["The date the action is due must be today or later"]
    }


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


def _action(qcpm: Any) -> FollowUpAction:
    _publish(qcpm)
    return follow_up_action_add(
        actor=qcpm.world.user("admin"),
        follow_up=FollowUp.objects.get(),
        description="Retention plan",
        owner="Dean of Health",
        due_on=clock.today() + dt.timedelta(days=90),
    )


def test_an_action_is_marked_done_with_its_date_and_the_change_is_audited(qcpm: Any) -> None:
    action = _action(qcpm)
    today = clock.today()
    follow_up_action_done(actor=qcpm.world.user("admin"), action=action, done_on=today)
    action.refresh_from_db()
    assert action.done_on == today
    entry = LogEntry.objects.get_for_object(action).order_by("-timestamp").first()
    assert entry is not None and entry.actor == qcpm.world.user("admin")
    assert "done_on" in entry.changes_dict


@pytest.mark.parametrize(
    ("days", "message"),
    [(1, "today or earlier"), (-400, "when the follow-up opened")],
)
def test_a_done_date_in_the_future_or_before_the_follow_up_is_refused(
    qcpm: Any, days: int, message: str
) -> None:
    action = _action(qcpm)
    when = clock.today() + dt.timedelta(days=days)
    with pytest.raises(ValidationError, match=message) as refused:
        follow_up_action_done(actor=qcpm.world.user("admin"), action=action, done_on=when)
    assert set(refused.value.message_dict) == {"done_on"}
    action.refresh_from_db()
    assert action.done_on is None


def test_only_the_provider_and_its_managers_mark_actions_done_and_not_once_closed(
    qcpm: Any,
) -> None:
    action = _action(qcpm)
    today = clock.today()
    # The London lead does not lead Trentbridge.
    with pytest.raises(PermissionDenied):
        follow_up_action_done(actor=qcpm.world.user("ep_lead"), action=action, done_on=today)
    with pytest.raises(ValidationError, match="Enter the date"):
        follow_up_action_done(actor=qcpm.world.user("admin"), action=action, done_on=None)
    follow_up_close(actor=qcpm.world.user("admin"), follow_up=action.follow_up)
    action.refresh_from_db()
    with pytest.raises(ValidationError, match="closed"):
        follow_up_action_done(actor=qcpm.world.user("admin"), action=action, done_on=today)
    action.refresh_from_db()
    assert action.done_on is None


def test_the_rating_page_marks_an_action_done(
    qcpm: Any, client_for: Callable[[str], Client]
) -> None:
    action = _action(qcpm)
    client = client_for("admin")
    page = client.get(reverse("ratings:rating", args=[action.follow_up.rating_id]))
    done_url = reverse("ratings:rating_follow_up_action_done", args=[action.pk])
    assert done_url in page.content.decode()
    refused = client.post(done_url, {"done_on": "2026-02-31"})
    assert "Enter a real date for when the action was done" in refused.content.decode()
    assert "<title>Error: " in refused.content.decode()
    today = clock.today()
    response = client.post(
        done_url,
        {"done_on": today.isoformat()},
        follow=True,
    )
    assert "The action is marked as done" in response.content.decode()
    action.refresh_from_db()
    assert action.done_on == today


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
    compute_every_region()
    rating = _current(qcpm, "london")
    with pytest.raises(ValidationError, match="Only published ratings"):
        rating_correct(actor=qcpm.world.user("admin"), rating=rating, note="Fix")
    RatingRound.objects.filter(pk=qcpm.round.pk).update(status=RoundStatus.PUBLISHED)
    rating.refresh_from_db()
    with pytest.raises(ValidationError, match="Enter a note"):
        rating_correct(actor=qcpm.world.user("admin"), rating=rating, note="")
    with pytest.raises(PermissionDenied):
        rating_correct(actor=qcpm.world.user("regional_lead"), rating=rating, note="Fix")
    assert Rating.objects.filter(round__academic_year=YEAR).count() == 4


def test_a_correction_to_red_opens_a_follow_up(qcpm: Any) -> None:
    _publish(qcpm)
    KpiValue.objects.filter(education_provider=qcpm.world.london_ep).update(value=Decimal("1"))
    new = rating_correct(
        actor=qcpm.world.user("admin"), rating=_current(qcpm, "london"), note="Data replaced"
    )
    assert new.band == RatingBand.RED
    assert FollowUp.objects.filter(rating=new).exists()

"""Each region's ratings are its own round: its contract managers compute, preview, approve
and publish it, and nothing they do reaches another region's ratings. A quality
administrator acts for any region."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core import clock
from organisations.models import Region
from ratings.compute.services import ratings_compute
from ratings.models import FollowUp, Rating, RatingRound, RoundStatus
from ratings.testing import YEAR, preview_closed
from ratings.workflow.services import reply_save, round_transition

# Preview dates are counted from the clock's today, so CI runs them again on other days.
pytestmark = [pytest.mark.django_db, pytest.mark.date_sensitive]

LONDON_MANAGER = "contract_manager"
MIDLANDS_MANAGER = "midlands_contract_manager"


def _ratings(round_: RatingRound) -> list[tuple[Any, ...]]:
    return list(round_.ratings.order_by("pk").values_list("pk", "band", "score", "computed_at"))


def _through_to_published(qcpm: Any, round_: RatingRound, persona: str) -> RatingRound:
    manager = qcpm.world.user(persona)
    closes = clock.today() + dt.timedelta(days=7)
    round_transition(actor=manager, round_=round_, name="preview", preview_closes_on=closes)
    preview_closed(round_)
    for name in ("approve", "publish"):
        round_ = round_transition(actor=manager, round_=round_, name=name)
    return round_


def test_computing_one_region_leaves_the_other_regions_ratings_alone(qcpm: Any) -> None:
    midlands_before = _ratings(qcpm.midlands_round)
    london = qcpm.world.user(LONDON_MANAGER)
    summary = ratings_compute(actor=london, year=YEAR, region=qcpm.round.region)
    assert summary.round == qcpm.round
    assert (summary.programmes_rated, summary.providers) == (1, 1)
    assert _ratings(qcpm.midlands_round) == midlands_before
    assert set(qcpm.round.ratings.values_list("education_provider", flat=True)) == {
        qcpm.world.london_ep.pk
    }
    qcpm.midlands_round.refresh_from_db()
    assert qcpm.midlands_round.computed_at is None


@pytest.mark.parametrize(
    ("persona", "region"), [(LONDON_MANAGER, "midlands"), (MIDLANDS_MANAGER, "london")]
)
def test_a_contract_manager_may_not_compute_or_move_another_regions_round(
    qcpm: Any, persona: str, region: str
) -> None:
    round_ = qcpm.midlands_round if region == "midlands" else qcpm.round
    actor = qcpm.world.user(persona)
    before = _ratings(round_)
    with pytest.raises(PermissionDenied, match=f"Only {round_.region.name}'s contract managers"):
        ratings_compute(actor=actor, year=YEAR, region=round_.region)
    closes = clock.today() + dt.timedelta(days=7)
    with pytest.raises(PermissionDenied, match=f"Only {round_.region.name}'s contract managers"):
        round_transition(actor=actor, round_=round_, name="preview", preview_closes_on=closes)
    # Nor, once the region's own manager has moved it on, approve, publish or reopen it.
    own = qcpm.world.user(MIDLANDS_MANAGER if persona == LONDON_MANAGER else LONDON_MANAGER)
    round_transition(actor=own, round_=round_, name="preview", preview_closes_on=closes)
    preview_closed(round_)
    for name in ("approve", "reopen"):
        with pytest.raises(PermissionDenied):
            round_transition(actor=actor, round_=round_, name=name, reason="Not mine")
    round_transition(actor=own, round_=round_, name="approve")
    with pytest.raises(PermissionDenied):
        round_transition(actor=actor, round_=round_, name="publish")
    round_.refresh_from_db()
    assert round_.status == RoundStatus.APPROVED
    assert _ratings(round_) == before


def test_each_region_publishes_on_its_own_and_opens_only_its_own_follow_ups(qcpm: Any) -> None:
    # London's nursing rating is Green, the Midlands' Red.
    london = _through_to_published(qcpm, qcpm.round, LONDON_MANAGER)
    assert london.status == RoundStatus.PUBLISHED
    qcpm.midlands_round.refresh_from_db()
    assert qcpm.midlands_round.status == RoundStatus.DRAFT
    assert not FollowUp.objects.exists()
    midlands = _through_to_published(qcpm, qcpm.midlands_round, MIDLANDS_MANAGER)
    assert midlands.status == RoundStatus.PUBLISHED
    assert [f.rating for f in FollowUp.objects.all()] == [qcpm.ratings["midlands"]]


def test_a_quality_administrator_acts_for_every_region(qcpm: Any) -> None:
    admin = qcpm.world.user("admin")
    for round_ in (qcpm.round, qcpm.midlands_round):
        ratings_compute(actor=admin, year=YEAR, region=round_.region)
        assert _through_to_published(qcpm, round_, "admin").status == RoundStatus.PUBLISHED


def test_a_region_the_methodology_does_not_cover_gets_no_round(qcpm: Any) -> None:
    south_east = Region.objects.get(code="SE")
    with pytest.raises(ValidationError, match="does not cover South East") as refused:
        ratings_compute(actor=None, year=YEAR, region=south_east)
    assert "it covers London and Midlands" in refused.value.messages[0]
    assert not RatingRound.objects.filter(region=south_east).exists()


def test_a_reply_belongs_to_its_providers_regional_round(qcpm: Any) -> None:
    RatingRound.objects.filter(academic_year=YEAR).update(
        status=RoundStatus.PROVIDER_PREVIEW, preview_closes_on=clock.today()
    )
    qcpm.midlands_round.refresh_from_db()
    with pytest.raises(ValidationError, match="not rated in the Midlands 2025/26 round"):
        reply_save(
            actor=qcpm.world.user("ep_lead"),
            round_=qcpm.midlands_round,
            provider=qcpm.world.london_ep,
            text="Wrong round",
        )


@pytest.mark.parametrize(
    ("persona", "seen"),
    [
        ("admin", {"London", "Midlands"}),
        ("regional_lead", {"London"}),
        (LONDON_MANAGER, {"London"}),
        (MIDLANDS_MANAGER, {"Midlands"}),
        ("ep_lead", set()),  # both are drafts
        ("pp_contributor", set()),
    ],
)
def test_each_persona_sees_the_rounds_of_their_regions(
    qcpm: Any, persona: str, seen: set[str]
) -> None:
    visible = RatingRound.objects.visible_to(qcpm.world.user(persona))
    assert set(visible.values_list("region__name", flat=True)) == seen


def test_a_provider_lead_sees_its_own_regions_round_once_in_preview(qcpm: Any) -> None:
    RatingRound.objects.filter(academic_year=YEAR).update(status=RoundStatus.PROVIDER_PREVIEW)
    visible = RatingRound.objects.visible_to(qcpm.world.user("ep_lead"))
    assert list(visible) == [qcpm.round]


def test_the_pages_of_another_regions_round_are_not_found(
    qcpm: Any, client_for: Callable[[str], Client]
) -> None:
    client = client_for(LONDON_MANAGER)
    before = _ratings(qcpm.midlands_round)
    midlands = reverse("ratings:round_detail", args=[YEAR, "mid"])
    assert client.get(midlands).status_code == 404
    step = reverse("ratings:round_transition", args=[YEAR, "mid", "preview"])
    assert client.get(step).status_code == 404
    compute = client.post(reverse("ratings:round_compute"), {"round": f"{YEAR}-MID"})
    assert compute.status_code == 404
    assert _ratings(qcpm.midlands_round) == before
    qcpm.midlands_round.refresh_from_db()
    assert qcpm.midlands_round.computed_at is None
    # Their own region's round works; the code may be written in any case.
    assert client.get(reverse("ratings:round_detail", args=[YEAR, "LON"])).status_code == 200


def test_the_round_list_offers_each_contract_manager_only_their_regions_rounds(
    qcpm: Any, client_for: Callable[[str], Client]
) -> None:
    page = client_for(MIDLANDS_MANAGER).get(reverse("ratings:round_list"))
    choices = [value for value, _ in page.context["compute_form"].fields["round"].choices]
    assert choices == [f"{YEAR}-MID"]
    body = page.content.decode()
    assert reverse("ratings:round_detail", args=[YEAR, "mid"]) in body
    assert reverse("ratings:round_detail", args=[YEAR, "lon"]) not in body
    admin = client_for("admin").get(reverse("ratings:round_list"))
    choices = [value for value, _ in admin.context["compute_form"].fields["round"].choices]
    assert choices == [f"{YEAR}-LON", f"{YEAR}-MID"]


def test_the_round_list_makes_the_same_number_of_queries_however_many_rounds(
    qcpm: Any, client_for: Callable[[str], Client]
) -> None:
    client = client_for("admin")

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("ratings:round_list")).status_code == 200
        return len(ctx.captured_queries)

    few = count()
    for year in (2022, 2023, 2024):
        for rating in qcpm.ratings.values():
            earlier = RatingRound.objects.create(
                academic_year=year, region=rating.round.region, methodology=qcpm.methodology
            )
            Rating.objects.create(
                round=earlier,
                education_provider=rating.education_provider,
                programme=qcpm.world.nursing,
                band="green",
            )
    assert count() == few

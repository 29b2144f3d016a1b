"""Access rules of the rating rounds, rating pages and workflow steps.

The builders create the QCPM data when the world lacks it, and only ever move the 2025
round forward (draft, preview, published), so several builders can share one database.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from access.testing import World
from core import clock
from core.testing.access import Rule
from ratings.models import FollowUp, FollowUpAction, Rating, RatingQuery, RatingRound, RoundStatus
from ratings.testing import YEAR, build_qcpm

VIEWERS = frozenset({"admin", "regional_lead", "contract_manager", "ep_lead"})
MANAGERS = frozenset({"admin", "contract_manager"})


def _round(world: World) -> RatingRound:
    round_ = RatingRound.objects.filter(academic_year=YEAR).first()
    if round_ is None:
        round_ = build_qcpm(world).round
    return round_


def _preview(world: World) -> RatingRound:
    round_ = _round(world)
    if round_.status == RoundStatus.DRAFT:
        RatingRound.objects.filter(pk=round_.pk).update(
            status=RoundStatus.PROVIDER_PREVIEW,
            preview_closes_on=clock.today() + dt.timedelta(days=14),
        )
    return round_


def _published(world: World) -> RatingRound:
    round_ = _round(world)
    RatingRound.objects.filter(pk=round_.pk).update(
        status=RoundStatus.PUBLISHED, published_at=clock.now()
    )
    return round_


def _rating(world: World, region: str = "london") -> Rating:
    provider = world.london_ep if region == "london" else world.midlands_ep
    return Rating.objects.get(
        round__academic_year=YEAR,
        education_provider=provider,
        programme=world.nursing,
        is_current=True,
    )


def _previewed_rating(world: World, region: str = "london") -> dict[str, Any]:
    _preview(world)
    return {"pk": _rating(world, region).pk}


def _published_rating(world: World, region: str = "london") -> dict[str, Any]:
    _published(world)
    return {"pk": _rating(world, region).pk}


def _query(world: World, region: str = "london") -> dict[str, Any]:
    _preview(world)
    rating = _rating(world, region)
    query = RatingQuery.objects.filter(rating=rating).first() or RatingQuery.objects.create(
        rating=rating, question="Is the attrition figure right?", raised_by=world.user("ep_lead")
    )
    return {"pk": query.pk}


def _follow_up(world: World, region: str = "london") -> dict[str, Any]:
    _published(world)
    follow_up, _ = FollowUp.objects.get_or_create(rating=_rating(world, region))
    return {"pk": follow_up.pk}


def _follow_up_action(world: World, region: str = "london") -> dict[str, Any]:
    follow_up = FollowUp.objects.get(pk=_follow_up(world, region)["pk"])
    action = follow_up.actions.first() or FollowUpAction.objects.create(
        follow_up=follow_up,
        description="Weekly attrition review with the programme team",
        owner="Head of programme",
        due_on=clock.today() + dt.timedelta(days=60),
    )
    return {"pk": action.pk}


RULES = {
    "ratings:round_list": Rule(allowed=VIEWERS),
    "ratings:round_detail": Rule(
        allowed=VIEWERS, kwargs=lambda w: {"year": _preview(w).academic_year}
    ),
    "ratings:round_compute": Rule(
        allowed=MANAGERS,
        method="POST",
        data=lambda w: {"year": str(_round(w).academic_year)},
        ok_status=302,
        sweep=False,
    ),
    "ratings:round_transition": Rule(
        allowed=MANAGERS,
        kwargs=lambda w: {"year": _round(w).academic_year, "transition": "preview"},
    ),
    "ratings:round_reply": Rule(
        allowed=frozenset({"ep_lead"}),
        kwargs=lambda w: {"year": _preview(w).academic_year, "provider": w.london_ep.pk},
        foreign=lambda w: {"year": _preview(w).academic_year, "provider": w.midlands_ep.pk},
    ),
    "ratings:rating": Rule(
        allowed=VIEWERS,
        kwargs=_previewed_rating,
        foreign=lambda w: _previewed_rating(w, "midlands"),
    ),
    "ratings:rating_query": Rule(
        allowed=frozenset({"ep_lead"}),
        kwargs=_previewed_rating,
        foreign=lambda w: _previewed_rating(w, "midlands"),
    ),
    "ratings:rating_query_answer": Rule(
        allowed=MANAGERS, kwargs=_query, foreign=lambda w: _query(w, "midlands")
    ),
    "ratings:rating_correct": Rule(
        allowed=MANAGERS,
        kwargs=_published_rating,
        foreign=lambda w: _published_rating(w, "midlands"),
    ),
    "ratings:rating_follow_up_action": Rule(
        allowed=frozenset({"admin", "contract_manager", "ep_lead"}),
        kwargs=_follow_up,
        foreign=lambda w: _follow_up(w, "midlands"),
    ),
    "ratings:rating_follow_up_action_done": Rule(
        allowed=frozenset({"admin", "contract_manager", "ep_lead"}),
        kwargs=_follow_up_action,
        foreign=lambda w: _follow_up_action(w, "midlands"),
    ),
    "ratings:rating_follow_up_close": Rule(
        allowed=MANAGERS, kwargs=_follow_up, foreign=lambda w: _follow_up(w, "midlands")
    ),
}

"""Access rules of the rating rounds, rating pages and workflow steps.

The builders create the QCPM data when the world lacks it, and only ever move the 2025
rounds forward (draft, preview, published), so several builders can share one database.
Each region has its own round: London's records are the rules' own, the Midlands' the
foreign ones, which the Midlands contract manager reaches and London's personas do not.
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
MIDLANDS = frozenset({"midlands_contract_manager"})
SLUG = {"london": "lon", "midlands": "mid"}


def _round(world: World, region: str = "london") -> RatingRound:
    if not RatingRound.objects.filter(academic_year=YEAR).exists():
        build_qcpm(world)
    return RatingRound.objects.get(academic_year=YEAR, region__code__iexact=SLUG[region])


def _preview(world: World, region: str = "london") -> RatingRound:
    _round(world)
    RatingRound.objects.filter(academic_year=YEAR, status=RoundStatus.DRAFT).update(
        status=RoundStatus.PROVIDER_PREVIEW,
        preview_closes_on=clock.today() + dt.timedelta(days=14),
    )
    return _round(world, region)


def _published(world: World) -> RatingRound:
    round_ = _round(world)
    RatingRound.objects.filter(academic_year=YEAR).update(
        status=RoundStatus.PUBLISHED, published_at=clock.now()
    )
    return round_


def _round_kwargs(world: World, region: str = "london", **more: Any) -> dict[str, Any]:
    return {"year": _round(world, region).academic_year, "region": SLUG[region], **more}


def _previewed_round(world: World, region: str = "london") -> dict[str, Any]:
    _preview(world)
    return _round_kwargs(world, region)


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
    "ratings:round_list": Rule(allowed=VIEWERS | MIDLANDS),
    "ratings:round_detail": Rule(
        allowed=VIEWERS,
        kwargs=_previewed_round,
        foreign=lambda w: _previewed_round(w, "midlands"),
        foreign_allowed=MIDLANDS,
    ),
    # Each contract manager computes their own region's round: the other's is not found.
    "ratings:round_compute": Rule(
        allowed=MANAGERS,
        method="POST",
        data=lambda w: {"round": f"{_round(w).academic_year}-LON"},
        ok_status=302,
        sweep=False,
        foreign=lambda w: {},
        foreign_data=lambda w: {"round": f"{_round(w, 'midlands').academic_year}-MID"},
        foreign_allowed=MIDLANDS,
    ),
    "ratings:round_transition": Rule(
        allowed=MANAGERS,
        kwargs=lambda w: _round_kwargs(w, transition="preview"),
        foreign=lambda w: _round_kwargs(w, "midlands", transition="preview"),
        foreign_allowed=MIDLANDS,
    ),
    "ratings:round_reply": Rule(
        allowed=frozenset({"ep_lead"}),
        kwargs=lambda w: _previewed_round(w) | {"provider": w.london_ep.pk},
        foreign=lambda w: _previewed_round(w, "midlands") | {"provider": w.midlands_ep.pk},
    ),
    "ratings:rating": Rule(
        allowed=VIEWERS,
        kwargs=_previewed_rating,
        foreign=lambda w: _previewed_rating(w, "midlands"),
        foreign_allowed=MIDLANDS,
    ),
    "ratings:rating_query": Rule(
        allowed=frozenset({"ep_lead"}),
        kwargs=_previewed_rating,
        foreign=lambda w: _previewed_rating(w, "midlands"),
    ),
    "ratings:rating_query_answer": Rule(
        allowed=MANAGERS,
        kwargs=_query,
        foreign=lambda w: _query(w, "midlands"),
        foreign_allowed=MIDLANDS,
    ),
    "ratings:rating_correct": Rule(
        allowed=MANAGERS,
        kwargs=_published_rating,
        foreign=lambda w: _published_rating(w, "midlands"),
        foreign_allowed=MIDLANDS,
    ),
    "ratings:rating_follow_up_action": Rule(
        allowed=frozenset({"admin", "contract_manager", "ep_lead"}),
        kwargs=_follow_up,
        foreign=lambda w: _follow_up(w, "midlands"),
        foreign_allowed=MIDLANDS,
    ),
    "ratings:rating_follow_up_action_done": Rule(
        allowed=frozenset({"admin", "contract_manager", "ep_lead"}),
        kwargs=_follow_up_action,
        foreign=lambda w: _follow_up_action(w, "midlands"),
        foreign_allowed=MIDLANDS,
    ),
    "ratings:rating_follow_up_close": Rule(
        allowed=MANAGERS,
        kwargs=_follow_up,
        foreign=lambda w: _follow_up(w, "midlands"),
        foreign_allowed=MIDLANDS,
    ),
}

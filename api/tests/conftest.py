"""Published data for the API's tests: the QCPM fixture's 2025/26 round published (London's
and Midlands' nursing ratings), London's overall rating, a 2024/25 round whose London rating
has KPIs withheld for small numbers, and a 2026/27 draft round nobody outside may see."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest

from ratings.models import Rating, RatingRound, RoundStatus
from ratings.testing import (
    LONDON_VALUES,
    Qcpm,
    add_values,
    methodology_for,
    rating_from_values,
    round_of,
)

PUBLISHED_AT = dt.datetime(2026, 7, 1, 9, 0, tzinfo=dt.UTC)
# Actions and progression counted over fewer learners than the methodology's smallest group.
SMALL_VALUES = dict(LONDON_VALUES, ACTN=(None, 5, 6), PROG=(None, 7, 7))


@dataclass
class Published:
    qcpm: Qcpm
    london: Rating
    midlands: Rating
    overall: Rating
    small: Rating
    draft: Rating


def publish_round(round_: RatingRound) -> None:
    RatingRound.objects.filter(pk=round_.pk).update(
        status=RoundStatus.PUBLISHED, published_at=PUBLISHED_AT
    )
    round_.refresh_from_db()


def round_with(qcpm: Qcpm, year: int, status: str, values: Any = LONDON_VALUES) -> Rating:
    """A round of ``year`` in ``status`` with London's nursing rating made from ``values``."""
    round_ = round_of(qcpm.world.london_ep, methodology_for(qcpm.world, year), status=status)
    if status == RoundStatus.PUBLISHED:
        publish_round(round_)
    add_values(qcpm.world.london_ep, qcpm.world.nursing, year, values)
    return rating_from_values(round_, qcpm.world.london_ep, qcpm.world.nursing)


def build_published(qcpm: Qcpm) -> Published:
    publish_round(qcpm.round)
    publish_round(qcpm.midlands_round)
    overall = Rating.objects.create(
        round=qcpm.round,
        education_provider=qcpm.world.london_ep,
        programme=None,
        band="green",
        score="2.750",
        explanation={"lines": [], "reasons": ["Every programme is rated Green."]},
    )
    return Published(
        qcpm=qcpm,
        london=qcpm.ratings["london"],
        midlands=qcpm.ratings["midlands"],
        overall=overall,
        small=round_with(qcpm, 2024, RoundStatus.PUBLISHED, SMALL_VALUES),
        draft=round_with(qcpm, 2026, RoundStatus.DRAFT),
    )


@pytest.fixture
def published(qcpm: Qcpm) -> Published:
    return build_published(qcpm)

"""Benchmarking arithmetic for the reports: pure functions, no database.

- Funnel plots compare proportions (such as attrition) between providers of very different
  sizes. Around the pooled proportion of all providers, control limits narrow as the
  denominator grows: a small provider needs a bigger difference before it stands out.
  The limits use the normal approximation to the binomial, p ± z·√(p(1-p)/n), clipped to
  0..1, with z for two-sided 95% (1.96) and 99.8% (3.09) coverage.
- Ranks are competition ranks: equal scores share a rank and the next rank skips ("1, 2, 2, 4").
- Movement compares a band with the year before: better, the same or worse.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from statistics import NormalDist

from ratings.compute.rules import Band

Z95 = NormalDist().inv_cdf(0.975)
Z998 = NormalDist().inv_cdf(0.999)


@dataclass(frozen=True)
class Limits:
    """Control limits at one denominator size, as proportions between 0 and 1."""

    denominator: float
    lower95: float
    upper95: float
    lower998: float
    upper998: float


def control_limits(pooled: float, denominator: float) -> Limits:
    """The 95% and 99.8% limits around ``pooled`` for a provider with ``denominator`` cases."""
    if not 0 <= pooled <= 1:
        raise ValueError("the pooled proportion must lie between 0 and 1")
    if denominator <= 0:
        raise ValueError("the denominator must be above 0")
    spread = math.sqrt(pooled * (1 - pooled) / denominator)

    def clip(value: float) -> float:
        return min(1.0, max(0.0, value))

    return Limits(
        denominator=denominator,
        lower95=clip(pooled - Z95 * spread),
        upper95=clip(pooled + Z95 * spread),
        lower998=clip(pooled - Z998 * spread),
        upper998=clip(pooled + Z998 * spread),
    )


class Position(StrEnum):
    """Where a provider's proportion falls against the limits at its own denominator."""

    WITHIN = "within"
    ABOVE_95 = "above_95"
    ABOVE_998 = "above_998"
    BELOW_95 = "below_95"
    BELOW_998 = "below_998"

    @property
    def label(self) -> str:
        return {
            "within": "Within the 95% limits",
            "above_95": "Above the 95% limit",
            "above_998": "Above the 99.8% limit",
            "below_95": "Below the 95% limit",
            "below_998": "Below the 99.8% limit",
        }[self.value]


@dataclass(frozen=True)
class FunnelPoint:
    """One provider on a funnel plot."""

    label: str
    numerator: float
    denominator: float
    proportion: float
    position: Position


@dataclass(frozen=True)
class Funnel:
    """Everything a funnel plot shows: the pooled mean, the points and the limit curves."""

    pooled: float | None
    points: tuple[FunnelPoint, ...]
    curve: tuple[Limits, ...]


def position_of(proportion: float, limits: Limits) -> Position:
    if proportion > limits.upper998:
        return Position.ABOVE_998
    if proportion > limits.upper95:
        return Position.ABOVE_95
    if proportion < limits.lower998:
        return Position.BELOW_998
    if proportion < limits.lower95:
        return Position.BELOW_95
    return Position.WITHIN


def funnel(points: Iterable[tuple[str, float, float]], *, steps: int = 40) -> Funnel:
    """A funnel plot from (label, numerator, denominator); points with no denominator are left
    out. The curve runs from the smallest denominator (at least 1) to the largest."""
    usable = [(label, float(n), float(d)) for label, n, d in points if d and d > 0]
    if not usable:
        return Funnel(None, (), ())
    pooled = sum(n for _, n, _ in usable) / sum(d for _, _, d in usable)
    pooled = min(1.0, max(0.0, pooled))
    placed = tuple(
        FunnelPoint(label, n, d, n / d, position_of(n / d, control_limits(pooled, d)))
        for label, n, d in usable
    )
    low = max(1.0, min(d for _, _, d in usable))
    high = max(low + 1, max(d for _, _, d in usable))
    # Spaced evenly on a square-root scale, where the curve bends the most at small sizes.
    curve = tuple(
        control_limits(
            pooled, (math.sqrt(low) + (math.sqrt(high) - math.sqrt(low)) * i / steps) ** 2
        )
        for i in range(steps + 1)
    )
    return Funnel(pooled, placed, curve)


def competition_ranks[K: Hashable](scores: Mapping[K, Decimal | float | None]) -> dict[K, int]:
    """Rank by score, highest first; equal scores share a rank. Unscored entries get none."""
    ordered = sorted((s for s in scores.values() if s is not None), reverse=True)
    first_at: dict[Decimal | float, int] = {}
    for index, score in enumerate(ordered, start=1):
        first_at.setdefault(score, index)
    return {key: first_at[score] for key, score in scores.items() if score is not None}


def mean(values: Iterable[Decimal | None]) -> Decimal | None:
    present = [v for v in values if v is not None]
    if not present:
        return None
    return (sum(present, Decimal(0)) / len(present)).quantize(Decimal("0.001"))


def group_means[K: Hashable](items: Iterable[tuple[K, Decimal | None]]) -> dict[K, Decimal | None]:
    """The mean score per group (such as a region), ignoring unscored entries."""
    groups: dict[K, list[Decimal | None]] = defaultdict(list)
    for key, score in items:
        groups[key].append(score)
    return {key: mean(scores) for key, scores in groups.items()}


class Movement(StrEnum):
    """How a band changed since the year before."""

    IMPROVED = "improved"
    UNCHANGED = "unchanged"
    DECLINED = "declined"
    NO_EARLIER = "no_earlier"
    NOT_COMPARABLE = "not_comparable"

    @property
    def label(self) -> str:
        return {
            "improved": "Improved",
            "unchanged": "Unchanged",
            "declined": "Declined",
            "no_earlier": "No earlier rating",
            "not_comparable": "Not comparable",
        }[self.value]


def _band(key: str | None) -> Band | None:
    if key is None:
        return None
    try:
        return Band.from_key(key)
    except KeyError:
        return None  # "not_rated"


def movement(previous: str | None, current: str | None) -> Movement:
    """Compare two band keys (such as "red", "green" or "not_rated"); None means no rating."""
    if previous is None:
        return Movement.NO_EARLIER
    before, now = _band(previous), _band(current)
    if before is None or now is None:
        return Movement.NOT_COMPARABLE
    if now > before:
        return Movement.IMPROVED
    if now < before:
        return Movement.DECLINED
    return Movement.UNCHANGED


def band_counts(keys: Sequence[str]) -> dict[str, int]:
    """How many ratings fall in each band, best first, with "not_rated" last."""
    order = [band.key for band in sorted(Band, reverse=True)] + ["not_rated"]
    return {key: sum(1 for k in keys if k == key) for key in order}

"""The arithmetic behind a rating's score, as its page shows it, so that it visibly adds up.

A programme's score is the total of its scored KPIs' points (band points x weight) divided
by the total weight of those KPIs, to three decimal places; a provider's overall score is
its rated programmes' scores weighted by places commissioned, the same way. Each part's
contribution is its share of that division. Rounded one by one, shares need not add up to
the rounded score (0.1 + 0.2 + 0.2 read beside a score of 0.588), so here they are rounded
together: each to three places and within a thousandth of its exact share, the largest
remainders rounded up, so that together they make exactly the score shown.

Pure functions of a rating's stored explanation: no database.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Any

from ratings.compute.rules import Band

THOUSANDTH = Decimal("0.001")
ZERO = Decimal(0)


def apportion(amounts: Sequence[Decimal], divisor: Decimal, total: Decimal) -> list[Decimal]:
    """Each of ``amounts`` divided by ``divisor``, to thousandths, so that together they make
    ``total``, each by less than a thousandth: rounded down, then those with the largest
    remainders (the first among equals) up. The shares are worked out exactly (as
    fractions), so equal shares are equal and the first of them is rounded up.

    ``total`` is meant to be the shares' sum rounded to thousandths; if it is out of their
    reach (an explanation that does not match its score), each share is rounded on its own.
    """
    per_thousand = Fraction(1000) / Fraction(divisor)
    units = [Fraction(amount) * per_thousand for amount in amounts]
    floors = [math.floor(unit) for unit in units]
    extra = Fraction(total) * 1000 - sum(floors)
    if extra.denominator != 1 or not 0 <= extra <= len(units):
        return [
            (amount / divisor).quantize(THOUSANDTH, rounding=ROUND_HALF_UP) for amount in amounts
        ]
    by_remainder = sorted(range(len(units)), key=lambda i: (floors[i] - units[i], i))
    rounded_up = set(by_remainder[: int(extra)])
    return [
        (floor + (1 if index in rounded_up else 0)) * THOUSANDTH
        for index, floor in enumerate(floors)
    ]


@dataclass(frozen=True)
class Part:
    """One term of a score's sum: a KPI (band points x weight) or a rated programme (score x
    places). ``amount`` is what it adds to the total; ``contribution`` its rounded share of
    the score, None when it does not count."""

    key: str
    factor: Decimal | None  # the KPI's band points, or the programme's score
    weight: Decimal
    amount: Decimal
    contribution: Decimal | None


@dataclass(frozen=True)
class ScoreSum:
    """A score as a sum: its parts, their total, the weight it is divided by, and the score."""

    parts: Mapping[str, Part]
    total: Decimal
    weight: Decimal
    score: Decimal | None

    @property
    def adds_up(self) -> bool:
        """The contributions shown make the score shown."""
        shown = [part.contribution for part in self.parts.values() if part.contribution is not None]
        return self.score is not None and bool(shown) and sum(shown, ZERO) == self.score


def _sum(parts: list[tuple[str, Decimal | None, Decimal, Decimal, bool]], score: Any) -> ScoreSum:
    """Parts as (key, factor, weight, amount, counts); the counted ones are divided by the
    total weight of the counted ones and their shares apportioned to ``score``."""
    counted = [(key, amount) for key, _, _, amount, counts in parts if counts]
    weight = sum((w for _, _, w, _, counts in parts if counts), ZERO)
    total = sum((amount for _, amount in counted), ZERO)
    final = None if score is None else Decimal(str(score))
    contributions: dict[str, Decimal] = {}
    if final is not None and weight:
        shares = apportion([amount for _, amount in counted], weight, final)
        contributions = dict(zip((key for key, _ in counted), shares, strict=True))
    return ScoreSum(
        parts={
            key: Part(key, factor, w, amount, contributions.get(key))
            for key, factor, w, amount, _ in parts
        },
        total=total,
        weight=weight,
        score=final,
    )


def kpi_sum(explanation: Mapping[str, Any]) -> ScoreSum:
    """A programme rating's score as the sum of its KPI lines (keyed by KPI code)."""
    parts = []
    for line in explanation.get("lines", []):
        band = line.get("band")
        scored = line.get("status") == "scored" and band is not None
        parts.append(
            (
                str(line.get("code", "")),
                Decimal(int(Band.from_key(band))) if scored else None,
                Decimal(str(line.get("weight") or 0)),
                Decimal(str(line.get("points") or 0)) if scored else ZERO,
                scored,
            )
        )
    return _sum(parts, explanation.get("score"))


def roll_up_sum(explanation: Mapping[str, Any]) -> ScoreSum:
    """An overall rating's score as the sum of its rated programmes (keyed by programme id),
    each weighted by its places commissioned, or by 1 when none are recorded (as the rule
    does)."""
    parts = []
    for programme in explanation.get("programmes", []):
        score = programme.get("score")
        places = int(programme.get("places") or 0)
        weight = Decimal(places) if places > 0 else Decimal(1)
        rated = score is not None
        factor = Decimal(str(score)) if rated else None
        parts.append(
            (
                str(programme.get("programme_id")),
                factor,
                weight,
                factor * weight if factor is not None else ZERO,
                rated,
            )
        )
    return _sum(parts, explanation.get("score"))

"""The QCPM rating rule: pure functions, no database, so every past rating is reproducible.

How one programme's rating is worked out from its KPI values and a methodology:

1. Each KPI value is put in a band by the KPI's thresholds. For a higher-is-better KPI the
   value must be at least the threshold; for a lower-is-better KPI at most. A value exactly
   on a threshold takes the better band.
2. A ratio KPI whose denominator is below the small-number threshold is *suppressed*: shown,
   not scored. A KPI with no value is *missing*. Neither counts towards the score.
3. Each scored KPI earns band points (red 0, low amber 1, high amber 2, green 3) times its
   weight. The score is the weighted mean of the points of the scored KPIs (0 to 3).
4. Coverage is the scored KPIs' share of the total weight of the KPIs that apply. Below the
   methodology's minimum coverage the programme is *not rated*.
5. The score falls into a band by the methodology's cut-offs (at least the green cut-off is
   green, and so on down; below the low-amber cut-off is red).
6. If a critical KPI is red, the overall band is capped: it can be no better than the cap
   (low amber by default).

A provider's overall rating rolls up its programmes' scores weighted by the places
commissioned (``roll_up``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from enum import IntEnum
from functools import cached_property
from typing import NamedTuple, Protocol

POINTS_SCALE = Decimal(3)


class Band(IntEnum):
    """Rating bands in order: a larger number is a better band, worth that many points."""

    RED = 0
    LOW_AMBER = 1
    HIGH_AMBER = 2
    GREEN = 3

    @property
    def key(self) -> str:
        return _BAND_KEYS[self]

    @property
    def label(self) -> str:
        return _BAND_LABELS[self]

    @classmethod
    def from_key(cls, key: str) -> Band:
        return cls[key.upper()]


# Each band's key, looked up rather than worked out: a national year asks 60,000 times.
_BAND_KEYS = {band: band.name.lower() for band in Band}
_BAND_LABELS = {band: band.name.replace("_", " ").title() for band in Band}


@dataclass(frozen=True)
class KpiRule:
    """One KPI's settings in a methodology."""

    code: str
    higher_is_better: bool
    target: Decimal
    green: Decimal
    high_amber: Decimal
    low_amber: Decimal
    weight: Decimal = Decimal(1)
    critical: bool = False

    def __post_init__(self) -> None:
        ordered = (self.green, self.high_amber, self.low_amber)
        expected = sorted(ordered, reverse=self.higher_is_better)
        if list(ordered) != expected:
            direction = "fall" if self.higher_is_better else "rise"
            raise ValueError(
                f"{self.code}: thresholds must {direction} from green to high amber to low amber"
            )
        if self.weight < 0:
            raise ValueError(f"{self.code}: weight must not be negative")


@dataclass(frozen=True)
class Method:
    """A methodology's overall rule."""

    rules: Sequence[KpiRule]
    green_min_score: Decimal = Decimal("2.50")
    high_amber_min_score: Decimal = Decimal("1.75")
    low_amber_min_score: Decimal = Decimal("1.00")
    critical_cap: Band = Band.LOW_AMBER
    min_coverage: Decimal = Decimal("0.60")
    small_number_threshold: int = 10

    def __post_init__(self) -> None:
        cut_offs = (self.green_min_score, self.high_amber_min_score, self.low_amber_min_score)
        if not (POINTS_SCALE >= cut_offs[0] >= cut_offs[1] >= cut_offs[2] >= 0):
            raise ValueError("score cut-offs must fall from green to low amber, between 3 and 0")
        codes = [rule.code for rule in self.rules]
        if len(codes) != len(set(codes)):
            raise ValueError("each KPI may appear once in a methodology")

    @cached_property
    def total_weight(self) -> Decimal:
        return sum((rule.weight for rule in self.rules), Decimal(0))

    @cached_property
    def points(self) -> dict[tuple[str, Band], Decimal]:
        """Each KPI's points in each band (band points x weight), worked out once."""
        return {
            (rule.code, band): Decimal(int(band)) * rule.weight
            for rule in self.rules
            for band in Band
        }

    def coverage(self, scored_weight: Decimal) -> Decimal:
        """The share of the total weight that ``scored_weight`` is, to three places."""
        found = self._coverage.get(scored_weight)
        if found is None:
            total = self.total_weight
            found = self._coverage[scored_weight] = _q(scored_weight / total) if total else ZERO
        return found

    def shares(self, scored_weight: Decimal) -> dict[tuple[str, Band], tuple[Decimal, Decimal]]:
        """For programmes whose scored KPIs weigh ``scored_weight``: each KPI's points in each
        band with the share of the score they give (points / scored weight, three places).

        Worked out once per scored weight: a methodology has few distinct ones, and a
        national year asks for 54,000 shares."""
        found = self._shares.get(scored_weight)
        if found is None:
            found = self._shares[scored_weight] = {
                # Three places even when nothing scored weighs anything, so equal shares
                # always read the same (explanations reuse a line's text by its numbers).
                key: (points, _q(points / scored_weight if scored_weight else ZERO))
                for key, points in self.points.items()
            }
        return found

    @cached_property
    def _coverage(self) -> dict[Decimal, Decimal]:
        return {}

    @cached_property
    def _shares(self) -> dict[Decimal, dict[tuple[str, Band], tuple[Decimal, Decimal]]]:
        return {}


@dataclass(frozen=True)
class KpiInput:
    """A KPI's value for one programme; ``denominator`` only for ratio KPIs."""

    code: str
    value: Decimal | None
    denominator: Decimal | None = None


class Line(NamedTuple):
    """How one KPI counted: the explanation a provider reads. A named tuple, not a
    dataclass: a national year makes 54,000 of them, and a tuple is the cheapest to build."""

    code: str
    value: Decimal | None
    target: Decimal
    band: Band | None
    weight: Decimal
    critical: bool
    status: str  # "scored", "suppressed" or "missing"
    points: Decimal  # band points x weight; 0 unless scored
    contribution: Decimal  # share of the score this KPI gives (points / scored weight)

    def as_dict(self, **extra: object) -> dict[str, object]:
        """The line as plain data, with ``extra`` keys added (in one dict, for speed)."""
        return {
            "code": self.code,
            "value": None if self.value is None else str(self.value),
            "target": str(self.target),
            "band": None if self.band is None else _BAND_KEYS[self.band],
            "weight": str(self.weight),
            "critical": self.critical,
            "status": self.status,
            "points": str(self.points),
            "contribution": str(self.contribution),
            **extra,
        }


@dataclass(frozen=True)
class Outcome:
    """A programme's rating: its band (None when not rated), score, coverage and reasons."""

    band: Band | None
    score: Decimal | None
    coverage: Decimal
    lines: tuple[Line, ...]
    reasons: tuple[str, ...] = field(default=())

    def as_dict(self, *, lines: bool = True) -> dict[str, object]:
        """The outcome as plain data; without ``lines`` when the caller adds its own."""
        data: dict[str, object] = {
            "band": None if self.band is None else self.band.key,
            "score": None if self.score is None else str(self.score),
            "coverage": str(self.coverage),
            "reasons": list(self.reasons),
        }
        if lines:
            data["lines"] = [line.as_dict() for line in self.lines]
        return data


# Scores, coverage and contributions are kept to three decimal places. Parsed once: building
# the Decimal on every call was a third of the time of rating a year.
THOUSANDTH = Decimal("0.001")
ZERO = Decimal(0)


def _q(value: Decimal) -> Decimal:
    return value.quantize(THOUSANDTH, rounding=ROUND_HALF_UP)


def _band_reached(value: Decimal, green: Decimal, high_amber: Decimal, low_amber: Decimal) -> Band:
    """The best band whose threshold ``value`` reaches (is at least); red below them all."""
    if value >= green:
        return Band.GREEN
    if value >= high_amber:
        return Band.HIGH_AMBER
    if value >= low_amber:
        return Band.LOW_AMBER
    return Band.RED


def band_for(value: Decimal, rule: KpiRule) -> Band:
    """The band a value reaches; on a threshold it takes the better band. A lower-is-better
    value reaches a threshold by being at most it, so both are negated."""
    if rule.higher_is_better:
        return _band_reached(value, rule.green, rule.high_amber, rule.low_amber)
    return _band_reached(-value, -rule.green, -rule.high_amber, -rule.low_amber)


def band_for_score(score: Decimal, method: Method) -> Band:
    return _band_reached(
        score, method.green_min_score, method.high_amber_min_score, method.low_amber_min_score
    )


class Measured(Protocol):
    """What the rule reads of a KPI's value: a ``KpiInput`` or any record with these two."""

    @property
    def value(self) -> Decimal | None: ...
    @property
    def denominator(self) -> Decimal | None: ...


SCORED, SUPPRESSED, MISSING = "scored", "suppressed", "missing"

# A KPI as the first pass leaves it: its rule, value, band and status.
Checked = tuple[KpiRule, Decimal | None, Band | None, str]


def rate(method: Method, inputs: Iterable[KpiInput] | Mapping[str, Measured]) -> Outcome:
    """Rate one programme. KPIs the method does not know are ignored; see the module doc.

    ``inputs`` is a list of ``KpiInput`` or, as a year's computation keeps them, a mapping
    from KPI code to anything with a ``value`` and a ``denominator``.
    """
    by_code: Mapping[str, Measured] = (
        inputs if isinstance(inputs, Mapping) else {item.code: item for item in inputs}
    )
    checked, scored_weight = _check(method, by_code)
    lines, points_total, critical_reds = _lines(method, checked, scored_weight)
    coverage = method.coverage(scored_weight)
    reasons = _gaps(method, checked)
    if not scored_weight or coverage < method.min_coverage:
        reasons.append(
            f"Not rated: KPIs carrying {coverage:.0%} of the weight have data that can be "
            f"scored, below the minimum of {method.min_coverage:.0%}."
        )
        return Outcome(None, None, coverage, lines, tuple(reasons))

    score = _q(points_total / scored_weight)
    band = band_for_score(score, method)
    reasons.append(f"Weighted score {score!s} out of 3 gives {band.label}.")
    if critical_reds and band > method.critical_cap:
        reasons.append(
            f"Capped at {method.critical_cap.label} because the critical KPI "
            f"{', '.join(critical_reds)} is Red."
        )
        band = method.critical_cap
    return Outcome(band, score, coverage, lines, tuple(reasons))


def _check(method: Method, by_code: Mapping[str, Measured]) -> tuple[list[Checked], Decimal]:
    """First pass: each KPI's band and status, and the weight of the scored ones."""
    threshold = method.small_number_threshold
    checked: list[Checked] = []
    scored_weight = ZERO
    for rule in method.rules:
        item = by_code.get(rule.code)
        value = None if item is None else item.value
        if item is None or value is None:
            checked.append((rule, None, None, MISSING))
            continue
        band = band_for(value, rule)
        denominator = item.denominator
        if denominator is not None and denominator < threshold:
            checked.append((rule, value, band, SUPPRESSED))
        else:
            scored_weight += rule.weight
            checked.append((rule, value, band, SCORED))
    return checked, scored_weight


def _lines(
    method: Method, checked: list[Checked], scored_weight: Decimal
) -> tuple[tuple[Line, ...], Decimal, list[str]]:
    """Second pass, now the scored weight is known: each KPI's line with its points and
    share of the score, the points in all, and the critical KPIs that are red."""
    shares = method.shares(scored_weight)
    lines = []
    points_total = ZERO
    critical_reds = []
    for rule, value, kpi_band, status in checked:
        if status == SCORED and kpi_band is not None:
            points, contribution = shares[(rule.code, kpi_band)]
            points_total += points
            if rule.critical and kpi_band is Band.RED:
                critical_reds.append(rule.code)
        else:
            points = contribution = ZERO
        lines.append(
            Line(
                rule.code,
                value,
                rule.target,
                kpi_band,
                rule.weight,
                rule.critical,
                status,
                points,
                contribution,
            )
        )
    return tuple(lines), points_total, critical_reds


def _gaps(method: Method, checked: list[Checked]) -> list[str]:
    """The reasons that name the KPIs left out of the score: suppressed, then missing."""
    suppressed = [rule.code for rule, _, _, status in checked if status == SUPPRESSED]
    missing = [rule.code for rule, _, _, status in checked if status == MISSING]
    reasons = []
    if suppressed:
        reasons.append(
            f"Not scored because fewer than {method.small_number_threshold} learners were "
            f"counted: {', '.join(suppressed)}."
        )
    if missing:
        reasons.append(f"No data: {', '.join(missing)}.")
    return reasons


@dataclass(frozen=True)
class ProgrammeScore:
    """A programme's score and its weight (places commissioned) for the provider roll-up."""

    score: Decimal | None
    places: int


def roll_up(
    method: Method, programmes: Iterable[ProgrammeScore]
) -> tuple[Band | None, Decimal | None]:
    """A provider's overall band: its rated programmes' scores weighted by places commissioned.

    Programmes with no commissioned places count once each, so a provider with no
    commissions recorded is still rated on the mean of its programmes.
    """
    rated = [
        (p.score, Decimal(p.places) if p.places > 0 else Decimal(1))
        for p in programmes
        if p.score is not None
    ]
    if not rated:
        return None, None
    total = sum((weight for _, weight in rated), Decimal(0))
    score = _q(sum((value * weight for value, weight in rated), Decimal(0)) / total)
    return band_for_score(score, method), score

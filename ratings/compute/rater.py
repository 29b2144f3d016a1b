"""A methodology's rule with the KPI details, able to rate any programme of a year.

``Rater`` works out one programme's rating (``programme``) or a provider's roll-up of its
programme ratings (``overall``) as plain ``Computed`` records, each with its explanation
encoded to compact JSON once; ``ratings.compute.services`` writes them in batches.
"""

from __future__ import annotations

import dataclasses
import json
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, NamedTuple, Protocol

from ratings.compute.methodology import to_method
from ratings.compute.rules import Line, Method, Outcome, ProgrammeScore, rate, roll_up
from ratings.models import Kpi, Methodology, Rating, RatingBand, RatingRound

# Compact JSON, encoded once per rating by the C encoder (no indent, no custom default).
_encode = json.JSONEncoder(separators=(",", ":")).encode


@dataclass(frozen=True)
class KpiInfo:
    """What a reader needs to know about a KPI beside its number."""

    code: str
    name: str
    unit: str
    computation: str
    professions: frozenset[int]


class StoredValue(NamedTuple):
    """A KPI's stored figures for one programme, as the rule and the explanation read them."""

    value: Decimal | None
    numerator: Decimal | None
    denominator: Decimal | None


@dataclass(slots=True)
class Computed:
    """A rating worked out in memory: what a ``Rating`` stores, before it is saved."""

    provider_id: int
    programme_id: int | None
    band: str
    score: Decimal | None
    coverage: Decimal
    explanation_json: str  # compact JSON text, as it is stored

    def as_rating(self, round_: RatingRound) -> Rating:
        return Rating(
            round=round_,
            education_provider_id=self.provider_id,
            programme_id=self.programme_id,
            band=self.band,
            score=self.score,
            coverage=self.coverage,
            explanation=json.loads(self.explanation_json),
        )


class Scored(Protocol):
    """A programme rating as the roll-up reads it: a saved ``Rating`` or a ``Computed``."""

    @property
    def programme_id(self) -> int | None: ...
    @property
    def band(self) -> str: ...
    @property
    def score(self) -> Decimal | None: ...


class Rater:
    """A methodology's rule with the KPI details, able to rate any programme of the year.

    KPIs limited to some professions apply only to programmes of those professions, so
    each profession gets a ``Method`` holding just the rules that apply to it.
    """

    def __init__(self, methodology: Methodology) -> None:
        self.methodology = methodology
        self.base = to_method(methodology)
        professions: dict[str, set[int]] = defaultdict(set)
        for code, profession_id in Kpi.professions.through.objects.values_list(
            "kpi__code", "profession_id"
        ):
            professions[code].add(profession_id)
        self.kpis = {
            code: KpiInfo(code, name, unit, computation, frozenset(professions.get(code, ())))
            for code, name, unit, computation in Kpi.objects.values_list(
                "code", "name", "unit", "computation"
            )
        }
        self._methods: dict[int | None, Method] = {}
        # Pieces of explanation lines' JSON text, each encoded once (see ``explanation_json``).
        self._line_starts: dict[str, str] = {}
        self._line_middles: dict[tuple[Any, ...], str] = {}

    def method_for(self, profession_id: int | None) -> Method:
        if profession_id not in self._methods:
            rules = tuple(
                rule
                for rule in self.base.rules
                if not (info := self.kpis.get(rule.code))
                or not info.professions
                # A KPI limited to some professions applies only to those.
                or profession_id in info.professions
            )
            self._methods[profession_id] = dataclasses.replace(self.base, rules=rules)
        return self._methods[profession_id]

    def rate(self, profession_id: int | None, values: Mapping[str, StoredValue]) -> Outcome:
        return rate(self.method_for(profession_id), values)

    def explanation(self, outcome: Outcome, values: Mapping[str, StoredValue]) -> dict[str, Any]:
        """What a reader is shown of how ``outcome`` was reached: the rule's outcome, and for
        each KPI its name, unit and, for a ratio, the counts behind the value."""
        explanation: dict[str, Any] = json.loads(self.explanation_json(outcome, values))
        return explanation

    def explanation_json(self, outcome: Outcome, values: Mapping[str, StoredValue]) -> str:
        """``explanation`` as compact JSON text, the form in which it is stored.

        A national year stores 54,000 explanation lines, and building a dict for each and
        encoding it was a third of the time of a computation. Most of a line is the same
        for every programme (the KPI's name, target, weight; the points of its band), so
        that part is encoded by the JSON encoder once and reused; each line adds only its
        value and counts, which are Decimals (digits, sign, point and exponent: nothing a
        JSON string needs to escape; ``!s`` makes them text, much faster than formatting). The
        text is exactly what encoding the dict would give, which the tests check."""
        lines = []
        for line in outcome.lines:
            start = self._line_starts.get(line.code)
            if start is None:
                start = self._line_starts[line.code] = f'{{"code":{_encode(line.code)},"value":'
            key = (line.code, line.band, line.status, line.points, line.contribution)
            middle = self._line_middles.get(key)
            if middle is None:
                middle = self._line_middles[key] = self._line_middle(line)
            value = "null" if line.value is None else f'"{line.value!s}"'
            found = values.get(line.code)
            if found is None or found.denominator is None:
                lines.append(f"{start}{value}{middle}}}")
            else:
                numerator = "null" if found.numerator is None else f'"{found.numerator!s}"'
                lines.append(
                    f'{start}{value}{middle},"numerator":{numerator},'
                    f'"denominator":"{found.denominator!s}"}}'
                )
        head = _encode(outcome.as_dict(lines=False))[:-1]
        tail = _encode({"kind": "programme", "methodology_id": self.methodology.pk})[1:]
        return f'{head},"lines":[{",".join(lines)}],{tail}'

    def _line_middle(self, line: Line) -> str:
        """A line's JSON text between its value and its counts: ``,"target":...,"unit":...``."""
        info = self.kpis.get(line.code)
        data = line.as_dict(name=info.name if info else line.code, unit=info.unit if info else "")
        del data["code"], data["value"]
        return f",{_encode(data)[1:-1]}"

    def programme_rating(
        self,
        round_: RatingRound,
        provider_id: int,
        programme_id: int,
        profession_id: int | None,
        values: dict[str, StoredValue],
    ) -> Rating:
        return self.programme(provider_id, programme_id, profession_id, values).as_rating(round_)

    def programme(
        self,
        provider_id: int,
        programme_id: int,
        profession_id: int | None,
        values: dict[str, StoredValue],
    ) -> Computed:
        outcome = self.rate(profession_id, values)
        return Computed(
            provider_id=provider_id,
            programme_id=programme_id,
            band=_band(outcome),
            score=outcome.score,
            coverage=outcome.coverage,
            explanation_json=self.explanation_json(outcome, values),
        )

    def overall_rating(
        self,
        round_: RatingRound,
        provider_id: int,
        programmes: Iterable[tuple[Scored, int]],
        names: dict[int, str],
    ) -> Rating:
        return self.overall(provider_id, programmes, names).as_rating(round_)

    def overall(
        self,
        provider_id: int,
        programmes: Iterable[tuple[Scored, int]],
        names: dict[int, str],
    ) -> Computed:
        """The provider's roll-up of its programme ratings, weighted by places commissioned."""
        parts = list(programmes)
        band, score = roll_up(
            self.base, [ProgrammeScore(rating.score, places) for rating, places in parts]
        )
        rated = [rating for rating, _ in parts if rating.score is not None]
        reasons = []
        if band is None:
            reasons.append("Not rated: none of the provider's programmes could be rated.")
        else:
            reasons.append(
                f"The rated programmes' scores, weighted by the places commissioned, "
                f"give {score} out of 3: {band.label}."
            )
        unrated = len(parts) - len(rated)
        if unrated:
            reasons.append(f"{unrated} programme(s) not rated and left out of the roll-up.")
        coverage = Decimal(len(rated)) / Decimal(len(parts)) if parts else Decimal(0)
        return Computed(
            provider_id=provider_id,
            programme_id=None,
            band=band.key if band is not None else RatingBand.NOT_RATED,
            score=score,
            coverage=coverage.quantize(Decimal("0.001")),
            explanation_json=_encode(
                {
                    "kind": "overall",
                    "band": None if band is None else band.key,
                    "score": None if score is None else str(score),
                    "programmes": [
                        {
                            "programme_id": rating.programme_id,
                            "name": names.get(rating.programme_id or 0, ""),
                            "band": rating.band,
                            "score": None if rating.score is None else str(rating.score),
                            "places": places,
                        }
                        for rating, places in parts
                    ],
                    "lines": [],
                    "reasons": reasons,
                    "methodology_id": self.methodology.pk,
                }
            ),
        )


def _band(outcome: Outcome) -> str:
    return outcome.band.key if outcome.band is not None else RatingBand.NOT_RATED

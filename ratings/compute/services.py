"""Computing a year's ratings from the stored KPI values with the pure rule of ``rules``.

The whole year is read in a few queries, rated in memory and written in one batch
(``bulk_insert.insert_rows``: COPY on PostgreSQL) inside one transaction, so recomputing
national-scale data takes well under two seconds. Ratings are kept as plain ``Computed``
records until they are written, and each explanation is encoded to JSON once, compactly.
Individual ratings are not audited one by one: the round's ``computed_at`` is saved inside
``acting_as`` with the counts, which gives one readable audit entry per computation.
"""

from __future__ import annotations

import dataclasses
import gc
import json
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, NamedTuple, Protocol

from django.core.exceptions import ValidationError
from django.db import connection, transaction

from core import academic_year, clock
from core.audit import acting_as
from programmes.models import Commission, Programme
from ratings.compute.bulk_insert import insert_rows
from ratings.compute.methodology import to_method
from ratings.compute.reading import fetch_columns
from ratings.compute.rules import Line, Method, Outcome, ProgrammeScore, rate, roll_up
from ratings.models import (
    Kpi,
    KpiValue,
    Methodology,
    Rating,
    RatingBand,
    RatingQuery,
    RatingRound,
    RoundStatus,
)

# States in which a round's ratings may still be recomputed (they are not yet frozen).
COMPUTABLE = frozenset({RoundStatus.DRAFT, RoundStatus.PROVIDER_PREVIEW})

# Compact JSON, encoded once per rating by the C encoder (no indent, no custom default).
_encode = json.JSONEncoder(separators=(",", ":")).encode

# A round's ratings: all of them, or (second parameter false) only those no longer current.
_DELETE_RATINGS = "DELETE FROM ratings_rating WHERE round_id = %s AND (%s OR NOT is_current)"
_DELETE_QUERIES = (
    "DELETE FROM ratings_ratingquery WHERE rating_id IN (SELECT id FROM ratings_rating "
    "WHERE round_id = %s AND (%s OR NOT is_current))"
)


@dataclass(frozen=True)
class ComputeSummary:
    """What one computation produced."""

    round: RatingRound
    programmes_rated: int
    programmes_not_rated: int
    providers: int

    def __str__(self) -> str:
        return (
            f"{self.round.year_label}: {self.programmes_rated} programme ratings, "
            f"{self.programmes_not_rated} not rated, {self.providers} providers rolled up"
        )


@dataclass(frozen=True)
class KpiInfo:
    """What a reader needs to know about a KPI beside its number."""

    code: str
    name: str
    unit: str
    computation: str
    professions: frozenset[int]


class _Value(NamedTuple):
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

    def rate(self, profession_id: int | None, values: Mapping[str, _Value]) -> Outcome:
        return rate(self.method_for(profession_id), values)

    def explanation(self, outcome: Outcome, values: Mapping[str, _Value]) -> dict[str, Any]:
        """What a reader is shown of how ``outcome`` was reached: the rule's outcome, and for
        each KPI its name, unit and, for a ratio, the counts behind the value."""
        return json.loads(self.explanation_json(outcome, values))

    def explanation_json(self, outcome: Outcome, values: Mapping[str, _Value]) -> str:
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
        values: dict[str, _Value],
    ) -> Rating:
        return self.programme(provider_id, programme_id, profession_id, values).as_rating(round_)

    def programme(
        self,
        provider_id: int,
        programme_id: int,
        profession_id: int | None,
        values: dict[str, _Value],
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


def read_values(
    year: int, *, provider_id: int | None = None, programme_id: int | None = None
) -> dict[tuple[int, int], tuple[int, dict[str, _Value]]]:
    """Every KPI value of the year in one query, by (provider, programme)."""
    rows = KpiValue.objects.filter(academic_year=year)
    if provider_id is not None:
        rows = rows.filter(education_provider_id=provider_id)
    if programme_id is not None:
        rows = rows.filter(programme_id=programme_id)
    # The KPI's code and the programme's profession come from two small lookups rather
    # than joins, so the large query reads the values table alone (by its year index).
    codes = dict(Kpi.objects.values_list("pk", "code"))
    professions = dict(Programme.objects.values_list("pk", "profession_id"))
    grouped: defaultdict[tuple[int, int], dict[str, _Value]] = defaultdict(dict)
    columns = fetch_columns(
        rows, "education_provider_id", "programme_id", "kpi_id", "value", "numerator", "denominator"
    )
    for provider, programme, kpi_id, value, numerator, denominator in zip(*columns, strict=True):
        grouped[provider, programme][codes[kpi_id]] = _Value(value, numerator, denominator)
    return {key: (professions[key[1]], by_code) for key, by_code in grouped.items()}


def places_commissioned(year: int, *, provider_id: int | None = None) -> dict[tuple[int, int], int]:
    rows = Commission.objects.filter(academic_year=year)
    if provider_id is not None:
        rows = rows.filter(education_provider_id=provider_id)
    return {
        (provider, programme): places
        for provider, programme, places in rows.values_list(
            "education_provider_id", "programme_id", "places"
        )
    }


def _round_for(year: int, actor: Any) -> RatingRound:
    round_ = RatingRound.objects.select_for_update().filter(academic_year=year).first()
    if round_ is not None:
        return round_
    methodology = Methodology.objects.filter(academic_year=year).first()
    if methodology is None:
        raise ValidationError(
            {
                "year": f"{academic_year.label(year)} has no rating methodology yet. "
                "A quality administrator needs to create one before ratings can be computed."
            }
        )
    with acting_as(actor, action="round created"):
        return RatingRound.objects.create(academic_year=year, methodology=methodology)


def ratings_compute(*, actor: Any, year: int) -> ComputeSummary:
    """Compute (or recompute) every rating of ``year``'s round from the current KPI values.

    The round is created in draft if the year has none. A round that is approved or
    published is frozen: corrections then go through ``rating_correct``.
    """
    with transaction.atomic(), _collector_paused():
        round_ = _round_for(year, actor)
        if round_.status not in COMPUTABLE:
            raise ValidationError(
                {
                    "year": f"The {round_.year_label} ratings are "
                    f"{round_.get_status_display().lower()}, so they can no longer be "
                    "recomputed. Correct a single rating instead."
                }
            )
        rater = Rater(round_.methodology)
        values = read_values(year)
        places = places_commissioned(year)
        names = dict(Programme.objects.values_list("pk", "name"))
        tally = _Tally()
        _replace_ratings(round_, _rate_year(rater, values, places, names, tally))
        summary = ComputeSummary(
            round=round_,
            programmes_rated=tally.rated,
            programmes_not_rated=tally.not_rated,
            providers=tally.providers,
        )
        with acting_as(
            actor,
            action="ratings computed",
            programmes_rated=summary.programmes_rated,
            programmes_not_rated=summary.programmes_not_rated,
            providers=summary.providers,
        ):
            round_.computed_at = clock.now()
            round_.save(update_fields=["computed_at"])
    return summary


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while a year is rated.

    Rating a year makes hundreds of thousands of small objects (Decimals, lines, dicts)
    while the year's values stay alive, and each automatic collection walks all of them:
    that was half the time of rating at national scale. None of them form cycles, so
    reference counting frees them anyway; the collector runs again as soon as the
    computation ends, however it ends."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


@dataclass
class _Tally:
    """How many ratings a computation produced, counted as they are worked out."""

    rated: int = 0
    not_rated: int = 0
    providers: int = 0


def _rate_year(
    rater: Rater,
    values: dict[tuple[int, int], tuple[int, dict[str, _Value]]],
    places: dict[tuple[int, int], int],
    names: dict[int, str],
    tally: _Tally,
) -> Iterator[Computed]:
    """Every programme's rating, then every provider's overall rating, each as soon as it is
    worked out, so that the database stores one part of the year while the next is rated.
    ``tally`` counts them as they go."""
    by_provider: dict[int, list[tuple[Scored, int]]] = defaultdict(list)
    for (provider_id, programme_id), (profession_id, kpi_values) in sorted(values.items()):
        rating = rater.programme(provider_id, programme_id, profession_id, kpi_values)
        if rating.band == RatingBand.NOT_RATED:
            tally.not_rated += 1
        else:
            tally.rated += 1
        by_provider[provider_id].append((rating, places.get((provider_id, programme_id), 0)))
        yield rating
    for provider_id, parts in by_provider.items():
        tally.providers += 1
        yield rater.overall(provider_id, parts, names)


def _replace_ratings(round_: RatingRound, ratings: Iterable[Computed]) -> None:
    """Write the round's new ratings in place of its old ones, in the caller's transaction.

    Queries raised during the preview move to the new rating of the same programme; a query
    whose programme has no new rating goes with its old rating.
    """
    queried = dict(
        RatingQuery.objects.filter(rating__round=round_)
        .values_list("rating_id", "rating__education_provider_id")
        .distinct()
    )
    queried_programmes = dict(
        Rating.objects.filter(pk__in=list(queried)).values_list("pk", "programme_id")
    )
    if queried:
        # The old ratings stay until their queries have moved; then all of them go.
        Rating.objects.filter(round=round_).update(is_current=False)
    else:
        _delete_ratings(round_)
    insert_rows(
        Rating,
        ["education_provider", "programme", "band", "score", "coverage", "explanation"],
        (
            (r.provider_id, r.programme_id, r.band, r.score, r.coverage, r.explanation_json)
            for r in ratings
        ),
        fixed={
            "round": round_.pk,
            "revision": 1,
            "is_current": True,
            "correction_note": "",
            "computed_at": clock.now(),
        },
    )
    if not queried:
        return
    new_ids: dict[tuple[int, int | None], int] = {
        (provider_id, programme_id): pk
        for provider_id, programme_id, pk in Rating.objects.filter(
            round=round_, is_current=True
        ).values_list("education_provider_id", "programme_id", "pk")
    }
    for old_id, provider_id in queried.items():
        new_id = new_ids.get((provider_id, queried_programmes.get(old_id)))
        if new_id is not None:
            RatingQuery.objects.filter(rating_id=old_id).update(rating_id=new_id)
    _delete_ratings(round_, stale_only=True)


def _delete_ratings(round_: RatingRound, *, stale_only: bool = False) -> None:
    """Delete the round's ratings (only those no longer current when ``stale_only``) and the
    queries still on them, in plain SQL.

    ``QuerySet.delete()`` would load every rating to send its delete signals, and the
    audit log would then record thousands of deletions; one entry for the computation says
    more. Ratings of a round that can be recomputed have no follow-ups (those open at
    publication), so nothing else refers to them.
    """
    params = [round_.pk, not stale_only]
    with connection.cursor() as cursor:
        cursor.execute(_DELETE_QUERIES, params)
        cursor.execute(_DELETE_RATINGS, params)

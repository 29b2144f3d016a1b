"""Computing a region's ratings for a year from the stored KPI values with the pure rule of
``rules`` (applied by ``rater.Rater``).

The region's whole year is read in a few queries, rated in memory and written in one batch
(``storing``: COPY on PostgreSQL) inside one transaction, so recomputing national-scale
data takes well under two seconds. A rating keeps its number across recomputes, and each
computation is recorded beside it. Ratings are kept as plain ``Computed`` records until
they are written, and each explanation is encoded to JSON once, compactly. Individual
ratings are not audited one by one: the round's ``computed_at`` is saved inside
``acting_as`` with the counts, which gives one readable audit entry per computation.
Computing clears the marks KPI imports left on the year's ratings (``staleness``).
"""

from __future__ import annotations

import gc
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet

from core import academic_year, clock
from core.audit import acting_as
from core.people import check_actor
from organisations.models import Organisation, Region
from programmes.models import Commission, Programme
from ratings.compute.rater import Computed, Rater, Scored, StoredValue
from ratings.compute.reading import fetch_columns
from ratings.compute.staleness import stale_clear
from ratings.compute.storing import ratings_store
from ratings.models import (
    Kpi,
    KpiValue,
    Methodology,
    RatingBand,
    RatingRound,
    RoundStatus,
)
from ratings.permissions import can_manage_region

if TYPE_CHECKING:
    from accounts.models import User

# States in which a round's ratings may still be recomputed (they are not yet frozen).
COMPUTABLE = frozenset({RoundStatus.DRAFT, RoundStatus.PROVIDER_PREVIEW})


@dataclass(frozen=True)
class ComputeSummary:
    """What one computation produced."""

    round: RatingRound
    programmes_rated: int
    programmes_not_rated: int
    providers: int

    def __str__(self) -> str:
        return (
            f"{self.round.title}: {self.programmes_rated} programme ratings, "
            f"{self.programmes_not_rated} not rated, {self.providers} providers rolled up"
        )


def read_values(
    year: int,
    *,
    region_id: int | None = None,
    provider_id: int | None = None,
    programme_id: int | None = None,
) -> dict[tuple[int, int], tuple[int, dict[str, StoredValue]]]:
    """Every KPI value of the year (of one region's providers) in one query, by (provider,
    programme)."""
    rows = KpiValue.objects.filter(academic_year=year)
    if region_id is not None:
        rows = rows.filter(education_provider_id__in=_providers_of(region_id))
    if provider_id is not None:
        rows = rows.filter(education_provider_id=provider_id)
    if programme_id is not None:
        rows = rows.filter(programme_id=programme_id)
    # The KPI's code and the programme's profession come from two small lookups rather
    # than joins, so the large query reads the values table alone (by its year index).
    codes = dict(Kpi.objects.values_list("pk", "code"))
    professions = dict(Programme.objects.values_list("pk", "profession_id"))
    grouped: defaultdict[tuple[int, int], dict[str, StoredValue]] = defaultdict(dict)
    columns = fetch_columns(
        rows, "education_provider_id", "programme_id", "kpi_id", "value", "numerator", "denominator"
    )
    for provider, programme, kpi_id, value, numerator, denominator in zip(*columns, strict=True):
        grouped[provider, programme][codes[kpi_id]] = StoredValue(value, numerator, denominator)
    return {key: (professions[key[1]], by_code) for key, by_code in grouped.items()}


def _providers_of(region_id: int) -> QuerySet[Organisation, int]:
    return Organisation.objects.filter(region_id=region_id).values_list("pk", flat=True)


def places_commissioned(
    year: int, *, region_id: int | None = None, provider_id: int | None = None
) -> dict[tuple[int, int], int]:
    rows = Commission.objects.filter(academic_year=year)
    if region_id is not None:
        rows = rows.filter(education_provider_id__in=_providers_of(region_id))
    if provider_id is not None:
        rows = rows.filter(education_provider_id=provider_id)
    return {
        (provider, programme): places
        for provider, programme, places in rows.values_list(
            "education_provider_id", "programme_id", "places"
        )
    }


def _round_for(year: int, region: Region, actor: User | None) -> RatingRound:
    """The region's round of ``year``, created in draft when the year's methodology covers
    the region."""
    round_ = (
        RatingRound.objects.select_for_update().filter(academic_year=year, region=region).first()
    )
    if round_ is not None:
        return round_
    label = academic_year.label(year)
    methodology = Methodology.objects.filter(academic_year=year).first()
    if methodology is None:
        raise ValidationError(
            {
                "year": f"{label} has no rating methodology yet. A quality administrator "
                "needs to create one before ratings can be computed."
            }
        )
    if not methodology.regions.filter(pk=region.pk).exists():
        covered = methodology.regions_text() or "no region"
        raise ValidationError(
            {
                "region": f"The {label} methodology does not cover {region.name} (it covers "
                f"{covered}). A quality administrator can add {region.name} to it."
            }
        )
    with acting_as(actor, action="round created"):
        return RatingRound.objects.create(
            academic_year=year, region=region, methodology=methodology
        )


def ratings_compute(*, actor: User | None, year: int, region: Region) -> ComputeSummary:
    """Compute (or recompute) every rating of ``region``'s round of ``year`` from the current
    KPI values of the region's education providers; other regions' ratings are not touched.

    The round is created in draft if the region has none for the year. A round that is
    approved or published is frozen: corrections then go through ``rating_correct``. The
    region's contract managers and quality administrators compute, and the system (actor
    None: the command, the demo).
    """
    check_actor(
        actor,
        lambda user: can_manage_region(user, region.pk),
        f"Only {region.name}'s contract managers and quality administrators compute "
        f"{region.name}'s ratings",
    )
    with transaction.atomic(), _collector_paused():
        round_ = _round_for(year, region, actor)
        if round_.status not in COMPUTABLE:
            raise ValidationError(
                {
                    "year": f"The {round_.title} ratings are "
                    f"{round_.get_status_display().lower()}, so they can no longer be "
                    "recomputed. Correct a single rating instead."
                }
            )
        # Cleared before the values are read: an import committed since then marks again.
        stale_clear(year, region_id=region.pk)
        rater = Rater(round_.methodology)
        values = read_values(year, region_id=region.pk)
        places = places_commissioned(year, region_id=region.pk)
        names = dict(Programme.objects.values_list("pk", "name"))
        tally = _Tally()
        now = clock.now()
        ratings_store(round_, _rate_year(rater, values, places, names, tally), now=now)
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
            round_.computed_at = now
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
    values: dict[tuple[int, int], tuple[int, dict[str, StoredValue]]],
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

"""Ratings left out of date by new KPI data.

When a KPI import creates or changes values of a year whose ratings have been computed,
each provider's programme it touched is marked (``StaleRating``) inside the import's
transaction. The marks are listed on the round page and on the ratings' pages; opening the
provider preview and approving are refused while any remain (``refuse_if_stale``).
Recomputing the year clears them all (``stale_clear``); correcting a published rating
clears its programme's.

Marking locks the year's round first, and a computation locks it before it clears the
marks and reads the values, so an import and a computation of the same year never overlap:
a mark is only ever cleared by a computation that read the values it stands for.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable

from django.core.exceptions import ValidationError

from core.formatting import count_of
from organisations.models import Organisation
from ratings.models import KpiImport, RatingRound, StaleRating
from ratings.models.computations import StaleRatingQuerySet

# (academic year, education provider id, programme id)
type ProgrammeYear = tuple[int, int, int]

# The refusal names this many of the programmes to recompute, then counts the rest.
NAMED = 3


def stale_mark(
    touched: Iterable[ProgrammeYear], *, kpi_import: KpiImport | None, now: dt.datetime
) -> dict[int, int]:
    """Mark the programmes whose values an import changed, in years whose ratings are
    computed; return how many programmes were marked per year. Called by the KPI import,
    inside its transaction and its audit entry."""
    keys = set(touched)
    if not keys:
        return {}
    # Rounds are regional: a programme is marked when its provider's region's round of the
    # year has been computed.
    computed = set(
        RatingRound.objects.select_for_update()
        .filter(academic_year__in={year for year, _, _ in keys}, computed_at__isnull=False)
        .values_list("academic_year", "region_id")
    )
    regions = dict(
        Organisation.objects.filter(pk__in={provider for _, provider, _ in keys}).values_list(
            "pk", "region_id"
        )
    )
    marks = [
        StaleRating(
            academic_year=year,
            education_provider_id=provider_id,
            programme_id=programme_id,
            kpi_import=kpi_import,
            marked_at=now,
        )
        for year, provider_id, programme_id in sorted(keys)
        if (year, regions.get(provider_id)) in computed
    ]
    StaleRating.objects.bulk_create(
        marks,
        batch_size=1000,
        update_conflicts=True,
        unique_fields=["academic_year", "education_provider", "programme"],
        update_fields=["kpi_import", "marked_at"],
    )
    return dict(Counter(mark.academic_year for mark in marks))


def of_round(round_: RatingRound) -> StaleRatingQuerySet:
    """The marks of the round's year on its region's providers."""
    return StaleRating.objects.filter(
        academic_year=round_.academic_year, education_provider__region_id=round_.region_id
    )


def stale_clear(
    year: int, *, region_id: int | None = None, programme: tuple[int, int] | None = None
) -> None:
    """Clear the year's marks (of one region's providers, or only one programme's when
    ``programme`` gives its provider and programme ids): their ratings were just worked out
    again from the current values. In the caller's transaction."""
    marks = StaleRating.objects.filter(academic_year=year)
    if region_id is not None:
        marks = marks.filter(education_provider__region_id=region_id)
    if programme is not None:
        provider_id, programme_id = programme
        marks = marks.filter(education_provider_id=provider_id, programme_id=programme_id)
    marks.delete()


def refuse_if_stale(round_: RatingRound, doing: str) -> None:
    """Refuse ``doing`` (such as "opening the provider preview") while KPI values changed
    after the ratings were computed, naming the first programmes to recompute."""
    marks = of_round(round_)
    count = marks.count()
    if not count:
        return
    named = [
        f"{provider} ({programme})"
        for provider, programme in marks.order_by(
            "education_provider__name", "programme__name"
        ).values_list("education_provider__name", "programme__name")[:NAMED]
    ]
    if count > NAMED:
        named.append(f"{count - NAMED} more")
    raise ValidationError(
        {
            "transition": f"KPI values of {count_of(count, 'programme')} changed after the "
            f"{round_.year_label} ratings were computed ({', '.join(named)}): recompute the "
            f"ratings before {doing}"
        }
    )

"""Correcting a published rating: a new revision from the current KPI values, with the
provider's overall rating rolled up again. Each revision written is recorded as a
computation, and the programme's out-of-date mark (if a KPI import left one) is cleared."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max

from core.audit import acting_as
from core.text import clean_text
from ratings.compute.rater import Rater
from ratings.compute.services import places_commissioned, read_values
from ratings.compute.staleness import stale_clear
from ratings.models import FollowUp, Rating, RatingComputation, RatingRound, RoundStatus
from ratings.permissions import can_manage_provider_ratings
from ratings.workflow.follow_ups import FOLLOW_UP_BANDS

if TYPE_CHECKING:
    from accounts.models import User


def rating_correct(*, actor: User | None, rating: Rating, note: str) -> Rating:
    """Correct a published programme rating: a new revision from the current KPI values.

    The earlier revision stays, no longer current; the provider's overall rating is rolled
    up again as a new revision too when the correction changes it.
    """
    if actor is None or not can_manage_provider_ratings(actor, rating.education_provider):
        raise PermissionDenied("Only contract managers correct ratings")
    note = clean_text(note, field="note", what="a note saying what was corrected and why")
    round_ = rating.round
    if round_.status != RoundStatus.PUBLISHED:
        raise ValidationError(
            {"note": "Only published ratings are corrected; recompute draft ratings instead"}
        )
    programme_id = rating.programme_id
    if programme_id is None:
        raise ValidationError({"note": "Correct a programme's rating; the overall one follows"})
    with transaction.atomic():
        locked = Rating.objects.select_for_update().get(pk=rating.pk)
        if not locked.is_current:
            raise ValidationError({"note": "Correct the current revision of this rating"})
        found = read_values(
            round_.academic_year,
            provider_id=locked.education_provider_id,
            programme_id=programme_id,
        ).get((locked.education_provider_id, programme_id))
        if found is None:
            raise ValidationError({"note": "This programme has no KPI values for the year"})
        rater = Rater(round_.methodology)
        profession_id, values = found
        new = rater.programme_rating(
            round_,
            locked.education_provider_id,
            programme_id,
            profession_id,
            values,
        )
        with acting_as(actor, action="rating corrected", note=note):
            stale_clear(
                round_.academic_year, programme=(locked.education_provider_id, programme_id)
            )
            _replace(locked, new, note)
            _roll_up_again(rater, round_, locked.education_provider_id, note)
            has_follow_up = FollowUp.objects.filter(
                rating__round=round_,
                rating__education_provider_id=locked.education_provider_id,
                rating__programme=locked.programme,
            ).exists()
            if new.band in FOLLOW_UP_BANDS and not has_follow_up:
                FollowUp.objects.create(rating=new)
    return new


def _replace(old: Rating, new: Rating, note: str) -> None:
    latest = Rating.objects.filter(
        round_id=old.round_id,
        education_provider_id=old.education_provider_id,
        programme=old.programme,
    ).aggregate(Max("revision"))["revision__max"]
    old.is_current = False
    old.save(update_fields=["is_current"])
    new.revision = (latest or old.revision) + 1
    new.is_current = True
    new.correction_note = note
    new.save()
    _record(new)


def _record(rating: Rating) -> None:
    RatingComputation.objects.create(
        rating=rating,
        computed_at=rating.computed_at,
        band=rating.band,
        score=rating.score,
        coverage=rating.coverage,
    )


def _roll_up_again(rater: Rater, round_: RatingRound, provider_id: int, note: str) -> None:
    current = list(
        Rating.objects.filter(
            round=round_, education_provider_id=provider_id, is_current=True
        ).select_related("programme")
    )
    overall = next((r for r in current if r.programme_id is None), None)
    places = places_commissioned(round_.academic_year, provider_id=provider_id)
    parts = [
        (r, places.get((provider_id, r.programme_id), 0))
        for r in current
        if r.programme_id is not None
    ]
    names = {r.programme.pk: r.programme.name for r in current if r.programme is not None}
    fresh = rater.overall_rating(round_, provider_id, parts, names)
    if overall is not None and (overall.band, overall.score) == (fresh.band, fresh.score):
        return
    if overall is None:
        fresh.correction_note = note
        fresh.save()
        _record(fresh)
        return
    _replace(overall, fresh, f"Rolled up again after a programme correction: {note}")

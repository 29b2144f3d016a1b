"""Reads of rating rounds, ratings, queries and follow-ups, narrowed to what the user may see.

Quality administrators see everything; contract managers and regional leads see their
region's rounds and the education providers of their region; an education provider lead
sees only its own provider's ratings (in its region's rounds), and only once the round has
reached provider preview. Anything else is "not found".
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, F, QuerySet
from django.shortcuts import get_object_or_404

from access.roles import Role
from access.scope import scope_for
from organisations.models import Region
from ratings.compute.services import COMPUTABLE
from ratings.models import (
    FollowUp,
    FollowUpAction,
    Methodology,
    Rating,
    RatingBand,
    RatingComputation,
    RatingQuery,
    RatingRound,
    RightOfReply,
)
from ratings.permissions import can_manage_region

if TYPE_CHECKING:
    from accounts.models import Viewer

# Band order for display: worst first, then not rated.
BAND_ORDER = [
    RatingBand.RED,
    RatingBand.LOW_AMBER,
    RatingBand.HIGH_AMBER,
    RatingBand.GREEN,
    RatingBand.NOT_RATED,
]


def led_providers(user: Viewer) -> frozenset[int]:
    """Education providers the user leads (holds the EP lead role in)."""
    return scope_for(user).organisations_where(Role.EP_LEAD)


def ratings_visible_to(user: Viewer) -> QuerySet[Rating]:
    return Rating.objects.visible_to(user)


def rounds_visible_to(user: Viewer) -> QuerySet[RatingRound]:
    return RatingRound.objects.select_related("methodology", "region").visible_to(user)


def round_get(user: Viewer, year: int, region: str) -> RatingRound:
    """The round of ``year`` of the region whose code is ``region`` (any case), or 404."""
    return get_object_or_404(
        rounds_visible_to(user), academic_year=year, region__code__iexact=region
    )


def covered_rounds() -> list[tuple[int, Region]]:
    """Every (academic year, region) a methodology covers, newest year first, by region name."""
    return [
        (methodology.academic_year, region)
        for methodology in Methodology.objects.prefetch_related("regions").order_by(
            "-academic_year"
        )
        for region in methodology.regions.all()
    ]


def computable_rounds(user: Viewer) -> list[tuple[int, Region]]:
    """The (academic year, region) rounds the user may compute now: those of the regions they
    manage that a methodology covers, unless already approved or published."""
    frozen = set(
        RatingRound.objects.exclude(status__in=COMPUTABLE).values_list("academic_year", "region_id")
    )
    return [
        (year, region)
        for year, region in covered_rounds()
        if (year, region.pk) not in frozen and can_manage_region(user, region.pk)
    ]


def round_list(user: Viewer) -> list[dict[str, Any]]:
    """Each visible round with the counts of its visible current programme ratings."""
    rounds = list(rounds_visible_to(user).order_by("-academic_year", "region__name"))
    counts: dict[int, dict[str, int]] = {r.pk: {} for r in rounds}
    rows = (
        ratings_visible_to(user)
        .filter(round__in=rounds, is_current=True, programme__isnull=False)
        .values_list("round_id", "band")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for round_id, band, n in rows:
        counts[round_id][band] = n
    return [{"round": r, "counts": _band_counts(counts[r.pk])} for r in rounds]


def _band_counts(found: dict[str, int]) -> list[dict[str, Any]]:
    return [
        {"band": band.value, "label": band.label, "count": found.get(band.value, 0)}
        for band in BAND_ORDER
    ]


def round_band_counts(user: Viewer, round_: RatingRound) -> list[dict[str, Any]]:
    rows = (
        ratings_visible_to(user)
        .filter(round=round_, is_current=True, programme__isnull=False)
        .values_list("band")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return _band_counts(dict(rows))


def round_ratings(user: Viewer, round_: RatingRound) -> QuerySet[Rating]:
    """The round's current ratings the user may see, overall ratings first per provider."""
    return (
        ratings_visible_to(user)
        .filter(round=round_, is_current=True)
        .select_related("education_provider", "programme")
        .order_by(
            "education_provider__name",
            "education_provider_id",
            F("programme__name").asc(nulls_first=True),
        )
    )


def round_open_queries(user: Viewer, round_: RatingRound) -> list[RatingQuery]:
    return list(
        RatingQuery.objects.filter(
            rating__in=ratings_visible_to(user).filter(round=round_),
            status=RatingQuery.Status.OPEN,
        )
        .select_related("rating__education_provider", "rating__programme", "kpi", "raised_by")
        .order_by("raised_at")[:200]
    )


def round_follow_ups(user: Viewer, round_: RatingRound) -> list[FollowUp]:
    return list(
        FollowUp.objects.filter(rating__in=ratings_visible_to(user).filter(round=round_))
        .select_related("rating__education_provider", "rating__programme")
        .annotate(action_count=Count("actions"))
        .order_by("status", "rating__education_provider__name", "rating__programme__name")[:500]
    )


def round_history(round_: RatingRound) -> list[LogEntry]:
    """Audit entries of the round itself: computations and every workflow transition."""
    content_type = ContentType.objects.get_for_model(RatingRound)
    return list(
        LogEntry.objects.filter(content_type=content_type, object_pk=str(round_.pk))
        .select_related("actor")
        .order_by("-timestamp", "-pk")[:100]
    )


def rating_get(user: Viewer, pk: int) -> Rating:
    return get_object_or_404(
        ratings_visible_to(user).select_related(
            "round", "round__methodology", "round__region", "education_provider", "programme"
        ),
        pk=pk,
    )


def rating_revisions(rating: Rating) -> list[Rating]:
    return list(
        Rating.objects.filter(
            round_id=rating.round_id,
            education_provider_id=rating.education_provider_id,
            programme=rating.programme,
        ).order_by("-revision")
    )


def rating_computations(rating: Rating) -> list[RatingComputation]:
    """Each computation of the provider's programme (or overall rating) in the round, newest
    first: the recomputes that kept the rating, and the corrections that made revisions."""
    return list(
        RatingComputation.objects.filter(
            rating__round_id=rating.round_id,
            rating__education_provider_id=rating.education_provider_id,
            rating__programme=rating.programme,
        )
        .select_related("rating")
        .order_by("-computed_at", "-pk")[:100]
    )


def rating_queries(rating: Rating) -> list[RatingQuery]:
    return list(
        RatingQuery.objects.filter(rating=rating)
        .select_related("kpi", "raised_by", "answered_by")
        .order_by("raised_at")
    )


def rating_follow_ups(rating: Rating) -> list[FollowUp]:
    """Follow-ups of this provider's programme in the round, whichever revision opened them."""
    return list(
        FollowUp.objects.filter(
            rating__round_id=rating.round_id,
            rating__education_provider_id=rating.education_provider_id,
            rating__programme=rating.programme,
        )
        .select_related("rating")
        .prefetch_related("actions")
        .order_by("opened_at")
    )


def reply_for(round_: RatingRound, provider_id: int) -> RightOfReply | None:
    return (
        RightOfReply.objects.filter(round=round_, education_provider_id=provider_id)
        .select_related("written_by")
        .first()
    )


def query_get(user: Viewer, pk: int) -> RatingQuery:
    return get_object_or_404(
        RatingQuery.objects.filter(rating__in=ratings_visible_to(user)).select_related(
            "rating", "rating__round", "rating__education_provider", "rating__programme", "kpi"
        ),
        pk=pk,
    )


def follow_up_action_get(user: Viewer, pk: int) -> FollowUpAction:
    return get_object_or_404(
        FollowUpAction.objects.filter(
            follow_up__rating__in=ratings_visible_to(user)
        ).select_related(
            "follow_up",
            "follow_up__rating",
            "follow_up__rating__round",
            "follow_up__rating__education_provider",
            "follow_up__rating__programme",
        ),
        pk=pk,
    )


def follow_up_get(user: Viewer, pk: int) -> FollowUp:
    return get_object_or_404(
        FollowUp.objects.filter(rating__in=ratings_visible_to(user)).select_related(
            "rating", "rating__round", "rating__education_provider", "rating__programme"
        ),
        pk=pk,
    )

"""The ratings still in progress at an education provider, handed up to
``organisations.live`` so an import preview can show what moves with it."""

from __future__ import annotations

from collections.abc import Collection

from django.db.models import Count, QuerySet

from core.scope import Scope
from organisations.live import LiveWork
from ratings.models import FollowUp, Rating, RoundStatus


def _by_provider(ratings: QuerySet[Rating]) -> dict[int, int]:
    rows = ratings.values("education_provider_id").annotate(number=Count("id")).order_by()
    return {row["education_provider_id"]: row["number"] for row in rows}


def unpublished_ratings(organisation_ids: Collection[int], scope: Scope) -> dict[int, int]:
    """Current ratings each provider has in a round not yet published (draft, in provider
    preview or approved) that the scope may see; one query."""
    return _by_provider(
        Rating.objects.visible_to(scope)
        .filter(education_provider_id__in=list(organisation_ids), is_current=True)
        .exclude(round__status=RoundStatus.PUBLISHED)
    )


def open_follow_ups(organisation_ids: Collection[int], scope: Scope) -> dict[int, int]:
    """Published ratings of each provider whose follow-up is still open; one query."""
    return _by_provider(
        Rating.objects.visible_to(scope).filter(
            education_provider_id__in=list(organisation_ids),
            follow_up__status=FollowUp.Status.OPEN,
        )
    )


LIVE_WORK = (
    LiveWork(
        "unpublished_ratings",
        unpublished_ratings,
        one="rating not yet published",
        many="ratings not yet published",
        order=30,
    ),
    LiveWork(
        "open_follow_ups",
        open_follow_ups,
        one="open follow-up of a rating",
        many="open follow-ups of ratings",
        order=31,
    ),
)

"""What QCPM hands up to the home pages: its entry on the public home page and the things
that wait for each person (``core.published``, ``core.waiting``; registered in apps.py)."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from django.urls import reverse

from access.roles import Role
from access.scope import scope_for
from core import clock
from core.published import PublishedEntry, latest_line
from core.waiting import Waiting, WaitingSource
from ratings.models import FollowUp, FollowUpAction, Rating, RatingQuery, RatingRound, RoundStatus
from ratings.permissions import can_manage_ratings

if TYPE_CHECKING:
    from accounts.models import Viewer


def latest_published() -> str | None:
    """ "Latest: 2025/26, published 3 July 2026", or None before any round is published."""
    round_ = (
        RatingRound.objects.filter(status=RoundStatus.PUBLISHED)
        .order_by("-academic_year")
        .only("academic_year", "published_at")
        .first()
    )
    if round_ is None:
        return None
    return latest_line(round_.academic_year, round_.published_at)


PUBLIC_ENTRY = PublishedEntry(
    "Education provider ratings",
    "ratings:public",
    "How each university and college performed, programme by programme, against the targets "
    "agreed for the education the NHS pays for, with what the ratings mean and do not mean.",
    order=10,
    latest=latest_published,
)


# A round: (academic year, region code).
type RoundKey = tuple[int, str]


def _rounds_link(rounds: Counter[RoundKey]) -> str:
    """The round's page when everything is in one round, else the list of rounds."""
    if len(rounds) == 1:
        year, region = next(iter(rounds))
        return reverse("ratings:round_detail", args=[year, region.lower()])
    return reverse("ratings:round_list")


def _for_managers(user: Viewer) -> list[Waiting]:
    """Contract managers and administrators: queries to answer, rounds to approve and
    publish."""
    scope = scope_for(user)
    queries = RatingQuery.objects.filter(status=RatingQuery.Status.OPEN)
    if not scope.is_national:
        regions = scope.regions_where(Role.CONTRACT_MANAGER)
        queries = queries.filter(rating__education_provider__region_id__in=regions)
    query_years: Counter[RoundKey] = Counter(
        queries.values_list("rating__round__academic_year", "rating__round__region__code")
    )
    today = clock.today()
    to_approve: Counter[RoundKey] = Counter()
    to_publish: Counter[RoundKey] = Counter()
    rounds = RatingRound.objects.filter(
        status__in=[RoundStatus.PROVIDER_PREVIEW, RoundStatus.APPROVED]
    )
    if not scope.is_national:
        rounds = rounds.filter(region_id__in=scope.regions_where(Role.CONTRACT_MANAGER))
    for year, region, status, closes in rounds.values_list(
        "academic_year", "region__code", "status", "preview_closes_on"
    ):
        if status == RoundStatus.APPROVED:
            to_publish[year, region] += 1
        elif closes is None or closes < today:
            to_approve[year, region] += 1
    return [
        Waiting(
            query_years.total(),
            "query from a provider to answer",
            "queries from providers to answer",
            _rounds_link(query_years),
        ),
        Waiting(
            to_approve.total(),
            "round of ratings to approve",
            "rounds of ratings to approve",
            _rounds_link(to_approve),
            "The provider preview has closed.",
        ),
        Waiting(
            to_publish.total(),
            "approved round of ratings to publish",
            "approved rounds of ratings to publish",
            _rounds_link(to_publish),
        ),
    ]


def _for_provider_leads(led: frozenset[int]) -> list[Waiting]:
    """Education provider leads: draft ratings to check while the preview is open, and
    overdue actions of their improvement plans."""
    today = clock.today()
    drafts: Counter[RoundKey] = Counter(
        Rating.objects.filter(
            education_provider_id__in=led,
            is_current=True,
            round__status=RoundStatus.PROVIDER_PREVIEW,
            round__preview_closes_on__gte=today,
        ).values_list("round__academic_year", "round__region__code")
    )
    overdue: Counter[RoundKey] = Counter(
        FollowUpAction.objects.filter(
            follow_up__rating__education_provider_id__in=led,
            follow_up__status=FollowUp.Status.OPEN,
            done_on__isnull=True,
            due_on__lt=today,
        ).values_list(
            "follow_up__rating__round__academic_year", "follow_up__rating__round__region__code"
        )
    )
    return [
        Waiting(
            drafts.total(),
            "draft rating to check",
            "draft ratings to check",
            _rounds_link(drafts),
            "You can query a value until the provider preview closes.",
        ),
        Waiting(
            overdue.total(),
            "improvement action overdue",
            "improvement actions overdue",
            _rounds_link(overdue),
        ),
    ]


def waiting(user: Viewer) -> list[Waiting]:
    items = _for_managers(user) if can_manage_ratings(user) else []
    if led := scope_for(user).organisations_where(Role.EP_LEAD):
        items += _for_provider_leads(led)
    return items


WAITING = WaitingSource("QCPM ratings", waiting, order=30)

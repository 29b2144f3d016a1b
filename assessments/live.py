"""The self-assessments still open at an organisation, handed up to ``organisations.live``
so an import preview can show what moves with it."""

from __future__ import annotations

from collections.abc import Collection

from django.db.models import Count, Q

from assessments.models import CampaignStatus, Submission, SubmissionStatus
from core.scope import Scope
from organisations.live import LiveWork


def open_submissions(organisation_ids: Collection[int], scope: Scope) -> dict[int, int]:
    """How many submissions each organisation has in a campaign still open, or reopened,
    that the scope may see; one query."""
    rows = (
        Submission.objects.visible_to(scope)
        .filter(organisation_id__in=list(organisation_ids))
        .filter(Q(campaign__status=CampaignStatus.OPEN) | Q(status=SubmissionStatus.REOPENED))
        .values("organisation_id")
        .annotate(number=Count("id"))
        .order_by()
    )
    return {row["organisation_id"]: row["number"] for row in rows}


LIVE_WORK = (
    LiveWork(
        "open_self_assessments",
        open_submissions,
        one="open self-assessment",
        many="open self-assessments",
        order=20,
    ),
)

"""Reads of the campaign pages, narrowed to what the user may see."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Q, QuerySet

from access.scope import scope_for
from assessments.models import Campaign, Question, Submission, SubmissionStatus
from assessments.selectors import lead_region_ids, submissions_visible_to
from organisations.models import Region

if TYPE_CHECKING:
    from accounts.models import Viewer

STATUSES = list(SubmissionStatus)


def _region_condition(user: Viewer, prefix: str = "") -> Q | None:
    """None for national users; else the regions they lead (nothing if none)."""
    if scope_for(user).is_national:
        return None
    return Q(**{f"{prefix}organisation__region_id__in": sorted(lead_region_ids(user))})


def campaigns_for(user: Viewer) -> QuerySet[Campaign]:
    """Every campaign, with how many submissions the user can see and how many are in."""
    condition = _region_condition(user, "submissions__")
    submitted = Q(submissions__status=SubmissionStatus.SUBMITTED)
    if condition is None:
        total = Count("submissions")
        done = Count("submissions", filter=submitted)
    else:
        total = Count("submissions", filter=condition)
        done = Count("submissions", filter=condition & submitted)
    return (
        Campaign.objects.select_related("framework_version")
        .annotate(submission_count=total, submitted_count=done)
        .order_by("-academic_year", "-opens_on")
    )


def visible_regions(user: Viewer) -> list[Region]:
    regions = Region.objects.order_by("name")
    if scope_for(user).is_national:
        return list(regions)
    return list(regions.filter(pk__in=lead_region_ids(user)))


@dataclass(frozen=True)
class DashboardFilters:
    """What the dashboard table is narrowed to; empty values mean any."""

    region_id: int | None = None
    provider_type: str = ""
    status: str = ""


def campaign_submissions(
    user: Viewer, campaign: Campaign, filters: DashboardFilters, *, with_status: bool = True
) -> QuerySet[Submission]:
    """The campaign's submissions the user can follow: administrators every one, regional
    leads their regions'. ``with_status=False`` leaves the status filter out (for counts)."""
    submissions = submissions_visible_to(user).filter(campaign=campaign)
    if (condition := _region_condition(user)) is not None:
        submissions = submissions.filter(condition)
    if filters.region_id:
        submissions = submissions.filter(organisation__region_id=filters.region_id)
    if filters.provider_type:
        submissions = submissions.filter(organisation__provider_type=filters.provider_type)
    if with_status and filters.status:
        submissions = submissions.filter(status=filters.status)
    return submissions.select_related("organisation__region").order_by("organisation__name", "pk")


def status_counts(submissions: QuerySet[Submission]) -> list[dict[str, Any]]:
    """How many submissions are in each status, every status listed (in workflow order)."""
    found = dict(
        submissions.order_by()
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    return [
        {"status": status, "label": status.label, "count": found.get(status.value, 0)}
        for status in STATUSES
    ]


def question_count(campaign: Campaign) -> int:
    return Question.objects.filter(version_id=campaign.framework_version_id).count()

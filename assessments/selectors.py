"""Queries of the self-assessment, always narrowed to what the user may see."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet
from django.http import Http404

from access.roles import Role
from access.scope import scope_for
from assessments.models import Submission

if TYPE_CHECKING:
    from accounts.models import Viewer


def submissions_visible_to(user: Viewer) -> QuerySet[Submission]:
    """Administrators see every submission; regional leads their region's; a placement
    provider's contributors and executives their own."""
    scope = scope_for(user)
    submissions = Submission.objects.select_related("campaign", "organisation")
    if scope.is_national:
        return submissions
    condition = Q(pk__in=[])
    if lead_regions := lead_region_ids(user):
        condition |= Q(organisation__region_id__in=lead_regions)
    if own := scope.organisations_where(Role.PP_CONTRIBUTOR, Role.PP_EXECUTIVE):
        condition |= Q(organisation_id__in=own)
    return submissions.filter(condition)


def lead_region_ids(user: Viewer) -> frozenset[int]:
    """The regions in which the user is a regional quality lead (not a contract manager)."""
    return scope_for(user).regions_where(Role.REGIONAL_LEAD)


def submission_get(user: Viewer, pk: int) -> Submission:
    """A submission the user may see, with what every page header shows, or "not found"."""
    submission = (
        submissions_visible_to(user)
        .select_related("campaign__framework_version", "organisation__region", "signatory")
        .filter(pk=pk)
        .first()
    )
    if submission is None:
        raise Http404("Page not found")
    return submission

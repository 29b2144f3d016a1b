"""Queries of the self-assessment, always narrowed to what the user may see."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from access.roles import Role
from access.scope import scope_for
from assessments.models import Submission
from organisations.models import Organisation


def submissions_visible_to(user: Any) -> QuerySet[Submission]:
    """Administrators see every submission; regional leads their region's; a placement
    provider's contributors and executives their own."""
    scope = scope_for(user)
    submissions = Submission.objects.select_related("campaign", "organisation")
    if scope.is_national:
        return submissions
    condition = Q(pk__in=[])
    lead_regions = lead_region_ids(user)
    if lead_regions:
        condition |= Q(organisation__region_id__in=lead_regions)
    own = [
        organisation_id
        for organisation_id, roles in scope.roles_by_organisation.items()
        if roles & {Role.PP_CONTRIBUTOR, Role.PP_EXECUTIVE}
    ]
    if own:
        condition |= Q(organisation_id__in=own)
    return submissions.filter(condition)


def lead_region_ids(user: Any) -> frozenset[int]:
    """The regions in which the user is a regional quality lead (not a contract manager)."""
    scope = scope_for(user)
    teams = [
        org for org, roles in scope.roles_by_organisation.items() if Role.REGIONAL_LEAD in roles
    ]
    if not teams:
        return frozenset()
    cached = getattr(user, "_edquality_lead_regions", None)
    if cached is None:
        cached = frozenset(
            Organisation.objects.filter(pk__in=teams, region__isnull=False).values_list(
                "region_id", flat=True
            )
        )
        user._edquality_lead_regions = cached
    return cached


def submission_get(user: Any, pk: int) -> Submission:
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

"""Queries of the self-assessment, always narrowed to what the user may see."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet
from django.http import Http404

from access.roles import Role
from access.scope import scope_for
from assessments.models import Submission

if TYPE_CHECKING:
    from accounts.models import Viewer


def submissions_visible_to(user: Viewer) -> QuerySet[Submission]:
    """The submissions the user may see (``Submission.objects.visible_to``), with their
    campaign and provider."""
    return Submission.objects.select_related("campaign", "organisation").visible_to(user)


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

"""Reads for the home dashboard: each count is limited to what the user may see."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from access.models import Membership
from access.scope import scope_for
from organisations.kinds import OrganisationKind
from organisations.models import Organisation
from programmes.models import Commission

if TYPE_CHECKING:
    from accounts.models import User, Viewer


@dataclass
class Dashboard:
    memberships: list[Membership]
    counts: dict[str, int] = field(default_factory=dict)


def dashboard_for(user: User) -> Dashboard:
    memberships = list(
        Membership.objects.filter(user=user, organisation__status="open")
        .select_related("organisation", "organisation__region")
        .order_by("organisation__name", "role")
    )
    counts: dict[str, int] = {}
    if not scope_for(user).is_empty:
        visible = Organisation.objects.visible_to(user)
        counts = {
            "education_providers": visible.filter(
                kind=OrganisationKind.EDUCATION_PROVIDER, status="open"
            ).count(),
            "placement_providers": visible.filter(
                kind=OrganisationKind.PLACEMENT_PROVIDER, status="open"
            ).count(),
            "commissions": Commission.objects.visible_to(user).count(),
        }
    return Dashboard(memberships=memberships, counts=counts)


def audit_entries(user: Viewer, filters: dict[str, Any]) -> Any:
    """The audit trail, newest first; only administrators reach this (checked by the view)."""
    import datetime as dt

    from auditlog.models import LogEntry
    from django.db.models import Q
    from django.utils import timezone

    entries = LogEntry.objects.select_related("actor", "content_type").order_by("-timestamp", "-pk")
    if q := filters.get("q"):
        entries = entries.filter(Q(object_repr__icontains=q) | Q(object_pk=q))
    if actor := filters.get("actor"):
        entries = entries.filter(
            Q(actor__full_name__icontains=actor) | Q(actor_email__icontains=actor)
        )
    if record_type := filters.get("record_type"):
        entries = entries.filter(content_type_id=int(record_type))
    if (action := filters.get("action")) not in (None, ""):
        entries = entries.filter(action=int(action))
    zone = timezone.get_current_timezone()
    if start := filters.get("date_from"):
        entries = entries.filter(timestamp__gte=dt.datetime.combine(start, dt.time.min, zone))
    if end := filters.get("date_to"):
        entries = entries.filter(
            timestamp__lt=dt.datetime.combine(end, dt.time.min, zone) + dt.timedelta(days=1)
        )
    return entries

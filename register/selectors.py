"""Reads of the quality register, always through the user's scope."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404

from core.scope import Scope
from register.models import ItemKind, ItemStatus, QualityItem
from register.working_days import overdue_before

if TYPE_CHECKING:
    from accounts.models import Viewer

# The states in which an overdue item waits for its owner (submitted evidence waits for the
# quality team, so it is no longer the owner's delay).
OWNER_STATES = frozenset({ItemStatus.OPEN, ItemStatus.RETURNED, ItemStatus.ESCALATED})


@dataclass(frozen=True)
class ItemFilters:
    """What a register list is narrowed to; empty values do not narrow."""

    kind: str = ""
    status: str = ""
    overdue: bool = False
    standard: str = ""
    programme: str = ""
    source: str = ""
    region: str = ""
    organisation_id: int | None = None


def overdue_condition(today: dt.date) -> Q:
    """Items with a working day passed since they were due, still waiting for the owner."""
    return Q(status__in=OWNER_STATES, due_on__lt=overdue_before(today))


def item_list(
    who: Scope | Viewer, filters: ItemFilters, *, today: dt.date
) -> QuerySet[QualityItem]:
    """The items ``who`` may see, narrowed by the filters, soonest due first."""
    items = QualityItem.objects.visible_to(who)
    if filters.organisation_id is not None:
        items = items.filter(organisation_id=filters.organisation_id)
    if filters.region:
        items = items.filter(organisation__region__code=filters.region)
    if filters.kind:
        items = items.filter(kind=filters.kind)
    if filters.status:
        items = items.filter(status=filters.status)
    if filters.overdue:
        items = items.filter(overdue_condition(today))
    if filters.standard:
        items = items.filter(standard=filters.standard)
    if filters.programme:
        items = items.filter(programme__code=filters.programme)
    if filters.source:
        items = items.filter(source_kind=filters.source)
    return items.select_related("organisation", "programme").order_by("due_on", "pk")


def item_counts(items: QuerySet[QualityItem], *, today: dt.date) -> dict[str, Any]:
    """How many items, by status and by kind, and how many overdue: one query."""
    aggregates: dict[str, Any] = {
        "total": Count("pk"),
        "overdue": Count("pk", filter=overdue_condition(today)),
    }
    for status in ItemStatus:
        aggregates[f"status_{status.value}"] = Count("pk", filter=Q(status=status))
    for kind in ItemKind:
        aggregates[f"kind_{kind.value}"] = Count("pk", filter=Q(kind=kind))
    row = items.order_by().aggregate(**aggregates)
    return {
        "total": row["total"],
        "overdue": row["overdue"],
        "by_status": [(status, row[f"status_{status.value}"]) for status in ItemStatus],
        "by_kind": [
            (kind, row[f"kind_{kind.value}"]) for kind in ItemKind if row[f"kind_{kind.value}"]
        ],
    }


def standards_in(who: Scope | Viewer) -> list[str]:
    """The standards the items ``who`` sees relate to, for the filter."""
    return list(
        QualityItem.objects.visible_to(who)
        .exclude(standard="")
        .order_by("standard")
        .values_list("standard", flat=True)
        .distinct()
    )


def item_get(user: Viewer, pk: int) -> QualityItem:
    """The item, or 404 if it does not exist or the user may not see it."""
    return get_object_or_404(
        QualityItem.objects.visible_to(user).select_related(
            "organisation__region",
            "owner_organisation",
            "owner_person",
            "site",
            "programme",
            "profession",
            "opened_by",
        ),
        pk=pk,
    )

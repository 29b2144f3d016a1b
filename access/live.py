"""The people who hold roles at an organisation, handed up to ``organisations.live`` so an
import preview can show who moves with it."""

from __future__ import annotations

from collections.abc import Collection

from django.db.models import Count

from access.models import Membership
from core.scope import Scope
from organisations.live import LiveWork


def people_with_roles(organisation_ids: Collection[int], scope: Scope) -> dict[int, int]:
    """How many active people hold a role at each organisation; only quality administrators
    (national scope) see people, so anyone else gets nothing. One query."""
    if not scope.is_national:
        return {}
    rows = (
        Membership.objects.filter(organisation_id__in=list(organisation_ids), user__is_active=True)
        .values("organisation_id")
        .annotate(number=Count("user", distinct=True))
        .order_by()
    )
    return {row["organisation_id"]: row["number"] for row in rows}


LIVE_WORK = (
    LiveWork(
        "people_with_roles",
        people_with_roles,
        one="person with a role there",
        many="people with roles there",
        order=10,
    ),
)

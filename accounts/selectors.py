"""Reads of people and their memberships."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, Q, QuerySet

from accounts.access import scope_for
from accounts.models import Membership, User


def people_list(
    user: Any, *, q: str = "", role: str = "", organisation_id: int | None = None
) -> QuerySet[User]:
    """Everyone with an account, for administrators; nobody for anyone else."""
    if not scope_for(user).is_national:
        return User.objects.none()
    people = User.objects.prefetch_related(
        Prefetch(
            "memberships",
            queryset=Membership.objects.select_related("organisation").order_by(
                "organisation__name", "role"
            ),
        )
    ).order_by("full_name", "email")
    if q:
        people = people.filter(Q(full_name__icontains=q) | Q(email__icontains=q))
    if role:
        people = people.filter(memberships__role=role).distinct()
    if organisation_id:
        people = people.filter(memberships__organisation_id=organisation_id).distinct()
    return people

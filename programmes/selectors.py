"""Reads of professions, programmes and commissions."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Count, Q, QuerySet, Sum

from core.scope import scope_of
from organisations.kinds import OrganisationKind
from organisations.models import Organisation
from programmes.models import Commission, Programme

if TYPE_CHECKING:
    from accounts.models import Viewer


def programme_list(
    user: Viewer, *, q: str = "", group: str = "", year: int | None = None
) -> QuerySet[Programme]:
    """Every programme, with the commissions and places the user can see for ``year``."""
    scope = scope_of(user)
    visible = Q()
    if not scope.is_national:
        visible = Q(commissions__education_provider_id__in=scope.organisation_ids) | Q(
            commissions__education_provider__region_id__in=scope.region_ids
        )
    in_year = Q(commissions__academic_year=year) if year else Q()
    programmes = Programme.objects.select_related("profession").annotate(
        provider_count=Count(
            "commissions__education_provider", filter=visible & in_year, distinct=True
        ),
        places=Sum("commissions__places", filter=visible & in_year),
    )
    if q:
        programmes = programmes.filter(
            Q(name__icontains=q) | Q(code__iexact=q) | Q(profession__name__icontains=q)
        )
    if group:
        programmes = programmes.filter(profession__group=group)
    return programmes.order_by("profession__group", "name")


def commission_years() -> list[int]:
    return list(
        Commission.objects.order_by("-academic_year")
        .values_list("academic_year", flat=True)
        .distinct()
    )


def organisation_commissions(user: Viewer, organisation: Organisation) -> QuerySet[Commission]:
    return (
        Commission.objects.visible_to(user)
        .filter(education_provider=organisation)
        .select_related("programme", "programme__profession")
        .order_by("-academic_year", "programme__name")
    )


def profile_commissions(user: Viewer, organisation: Organisation) -> dict[str, Any] | None:
    """The organisation page's "Programmes and commissions" section (education providers)."""
    if organisation.kind != OrganisationKind.EDUCATION_PROVIDER:
        return None
    return {"commissions": list(organisation_commissions(user, organisation))}

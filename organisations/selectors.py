"""Reads of the organisation register, always narrowed to what the user may see."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from organisations.models import Organisation

if TYPE_CHECKING:
    from accounts.models import Viewer


@dataclass(frozen=True)
class OrganisationFilters:
    q: str = ""
    kind: str = ""
    provider_type: str = ""
    region: str = ""
    status: str = ""


def organisation_list(user: Viewer, filters: OrganisationFilters) -> QuerySet[Organisation]:
    organisations = Organisation.objects.visible_to(user).select_related("region")
    if filters.q:
        q = filters.q.strip()
        organisations = organisations.filter(
            Q(name__icontains=q) | Q(ods_code__iexact=q) | Q(ukprn=q) | Q(postcode__iexact=q)
        )
    if filters.kind:
        organisations = organisations.filter(kind=filters.kind)
    if filters.provider_type:
        organisations = organisations.filter(provider_type=filters.provider_type)
    if filters.region:
        organisations = organisations.filter(region__code=filters.region)
    if filters.status:
        organisations = organisations.filter(status=filters.status)
    return organisations.order_by("name", "pk")


def organisation_get(user: Viewer, pk: int) -> Organisation:
    """The organisation, or 404 if it does not exist or the user may not see it."""
    return get_object_or_404(
        Organisation.objects.visible_to(user).select_related("region", "local_office"), pk=pk
    )

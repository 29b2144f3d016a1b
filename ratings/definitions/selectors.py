"""Reading KPI definitions and methodologies, for the people who may see them."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypedDict

from django.db.models import Count, Exists, OuterRef, QuerySet
from django.http import Http404

from ratings.models import Kpi, Methodology, MethodologyKpi, RatingRound, RoundStatus
from ratings.permissions import can_view_methodology

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

    from accounts.models import Viewer


class _Listed(TypedDict):
    """What ``methodology_list`` adds to each methodology."""

    kpi_count: int
    frozen: bool


# A methodology as the list and the pages read it: with its KPI count and frozen flag.
type ListedMethodology = WithAnnotations[Methodology, _Listed]


def _published_round() -> Exists:
    return Exists(
        RatingRound.objects.filter(methodology=OuterRef("pk"), status=RoundStatus.PUBLISHED)
    )


def methodology_list(user: Viewer) -> QuerySet[ListedMethodology]:
    """Every methodology, newest year first, with its KPI count and whether it is frozen."""
    methodologies = (
        Methodology.objects.select_related("cloned_from")
        .prefetch_related("regions")
        .annotate(kpi_count=Count("kpis"), frozen=_published_round())
        .order_by("-academic_year")
    )
    return methodologies if can_view_methodology(user) else methodologies.none()


def methodology_get(user: Viewer, pk: int) -> ListedMethodology:
    """One methodology, or "not found" for anyone who may not see methodologies."""
    methodology = methodology_list(user).filter(pk=pk).first()
    if methodology is None:
        raise Http404("No such methodology")
    return methodology


def methodology_settings(methodology: Methodology) -> list[MethodologyKpi]:
    """The methodology's per-KPI settings in code order, each with its KPI."""
    return list(methodology.kpis.select_related("kpi").order_by("kpi__code"))


def methodology_rounds(methodology: Methodology) -> list[RatingRound]:
    return list(methodology.rounds.select_related("region").order_by("region__name"))


def kpis_not_in(methodology: Methodology) -> QuerySet[Kpi]:
    """Active KPIs the methodology does not use yet, which an administrator may add."""
    return Kpi.objects.filter(active=True).exclude(methodology_settings__methodology=methodology)


def kpi_get(methodology: Methodology, code: str) -> Kpi:
    """A KPI of the methodology by its code, or "not found"."""
    kpi = Kpi.objects.filter(code=code, methodology_settings__methodology=methodology).first()
    if kpi is None:
        raise Http404("No such KPI in this methodology")
    return kpi


def kpi_list(user: Viewer) -> QuerySet[Kpi]:
    """Every KPI definition with the professions it applies to (none listed means all)."""
    if not can_view_methodology(user):
        return Kpi.objects.none()
    return Kpi.objects.prefetch_related("professions").order_by("code")

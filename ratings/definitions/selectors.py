"""Reading KPI definitions and methodologies, for the people who may see them."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Exists, OuterRef, QuerySet
from django.http import Http404

from ratings.models import Kpi, Methodology, MethodologyKpi, RatingRound, RoundStatus
from ratings.permissions import can_view_methodology


def _published_round() -> Exists:
    return Exists(
        RatingRound.objects.filter(methodology=OuterRef("pk"), status=RoundStatus.PUBLISHED)
    )


def methodology_list(user: Any) -> QuerySet[Methodology]:
    """Every methodology, newest year first, with its KPI count and whether it is frozen."""
    if not can_view_methodology(user):
        return Methodology.objects.none()
    return (
        Methodology.objects.select_related("cloned_from")
        .annotate(kpi_count=Count("kpis"), frozen=_published_round())
        .order_by("-academic_year")
    )


def methodology_get(user: Any, pk: int) -> Methodology:
    """One methodology, or "not found" for anyone who may not see methodologies."""
    methodology = methodology_list(user).filter(pk=pk).first()
    if methodology is None:
        raise Http404("No such methodology")
    return methodology


def methodology_settings(methodology: Methodology) -> list[MethodologyKpi]:
    """The methodology's per-KPI settings in code order, each with its KPI."""
    return list(methodology.kpis.select_related("kpi").order_by("kpi__code"))


def methodology_rounds(methodology: Methodology) -> list[RatingRound]:
    return list(methodology.rounds.order_by("-academic_year"))


def kpis_not_in(methodology: Methodology) -> QuerySet[Kpi]:
    """Active KPIs the methodology does not use yet, which an administrator may add."""
    return Kpi.objects.filter(active=True).exclude(methodology_settings__methodology=methodology)


def kpi_get(methodology: Methodology, code: str) -> Kpi:
    """A KPI of the methodology by its code, or "not found"."""
    kpi = Kpi.objects.filter(code=code, methodology_settings__methodology=methodology).first()
    if kpi is None:
        raise Http404("No such KPI in this methodology")
    return kpi


def kpi_list(user: Any) -> QuerySet[Kpi]:
    """Every KPI definition with the professions it applies to (none listed means all)."""
    if not can_view_methodology(user):
        return Kpi.objects.none()
    return Kpi.objects.prefetch_related("professions").order_by("code")

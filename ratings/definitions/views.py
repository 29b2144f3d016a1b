"""KPI definitions and methodologies: read by the people who work with ratings, run by admins."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from accounts.http import SignedInRequest
from core.http import require
from core.views_forms import confirm_view, form_view, posted
from ratings.compute.rules import Band
from ratings.definitions import selectors, services
from ratings.definitions.forms import (
    KpiAddForm,
    KpiSettingsForm,
    MethodologyCloneForm,
    MethodologyCreateForm,
    OverallSettingsForm,
    plain,
)
from ratings.definitions.loading import methodology_create_default
from ratings.models import Methodology, Unit
from ratings.permissions import can_manage_methodology, can_view_methodology

UNIT_SUFFIX = {Unit.PERCENT: "%", Unit.DAYS: "days"}


def _page(
    request: HttpRequest, template: str, title: str, *, form: Any = None, **context: Any
) -> HttpResponse:
    context.update(
        page_title=title,
        form=form,
        page_error=context.get("page_error") or bool(form is not None and form.errors),
        plain=plain,
        unit_suffix=lambda unit: UNIT_SUFFIX.get(unit, ""),
    )
    return render(request, f"ratings/definitions/{template}.html", context)


def _frozen(request: HttpRequest, methodology: Methodology, title: str) -> HttpResponse:
    return _page(
        request,
        "methodology_frozen",
        title,
        methodology=methodology,
        reason=services.frozen_reason(methodology),
    )


@require(can_view_methodology)
def kpi_definitions(request: SignedInRequest) -> HttpResponse:
    return _page(
        request, "kpi_definitions", "KPI definitions", kpis=selectors.kpi_list(request.user)
    )


@require(can_view_methodology)
def methodology_list(request: SignedInRequest) -> HttpResponse:
    return _page(
        request,
        "methodology_list",
        "QCPM methodologies",
        methodologies=list(selectors.methodology_list(request.user)),
        can_manage=can_manage_methodology(request.user),
    )


@require(can_view_methodology)
def methodology_detail(request: SignedInRequest, pk: int) -> HttpResponse:
    methodology = selectors.methodology_get(request.user, pk)
    return _page(
        request,
        "methodology_detail",
        f"Methodology {methodology.year_label}",
        methodology=methodology,
        settings=selectors.methodology_settings(methodology),
        rounds=selectors.methodology_rounds(methodology),
        frozen=methodology.frozen,
        can_manage=can_manage_methodology(request.user),
        cap_label=Band.from_key(methodology.critical_cap).label,
    )


def _back(methodology: Methodology) -> HttpResponse:
    return redirect("ratings:methodology_detail", methodology.pk)


@require(can_manage_methodology)
def methodology_create(request: SignedInRequest) -> HttpResponse:
    sources = selectors.methodology_list(request.user)
    form = MethodologyCreateForm(
        posted(request), sources=sources, initial={"start_from": "defaults"}
    )

    def create() -> Methodology:
        year, source = form.cleaned_data["year"], form.source()
        regions = form.cleaned_data["regions"]
        if source is None:
            return methodology_create_default(actor=request.user, year=year, region_ids=regions)
        return services.methodology_clone(
            actor=request.user, source=source, year=year, region_ids=regions
        )

    return form_view(
        request,
        form,
        save=create,
        done=lambda created: (
            f"The {created.year_label} methodology has been created",
            _back(created),
        ),
        page=lambda: _page(request, "methodology_create", "Create a methodology", form=form),
    )


@require(can_manage_methodology)
def methodology_clone(request: SignedInRequest, pk: int) -> HttpResponse:
    source = selectors.methodology_get(request.user, pk)
    form = MethodologyCloneForm(posted(request), source=source)
    return form_view(
        request,
        form,
        save=lambda: services.methodology_clone(
            actor=request.user,
            source=source,
            year=form.cleaned_data["year"],
            region_ids=form.cleaned_data["regions"],
        ),
        done=lambda created: (
            f"The {created.year_label} methodology has been created as a copy of "
            f"{source.year_label}",
            _back(created),
        ),
        page=lambda: _page(
            request,
            "methodology_clone",
            f"Clone the {source.year_label} methodology",
            form=form,
            methodology=source,
        ),
    )


@require(can_manage_methodology)
def methodology_edit(request: SignedInRequest, pk: int) -> HttpResponse:
    methodology = selectors.methodology_get(request.user, pk)
    title = f"Change the {methodology.year_label} methodology's overall settings"
    if methodology.frozen:
        return _frozen(request, methodology, title)
    form = OverallSettingsForm(
        posted(request), initial=OverallSettingsForm.initial_for(methodology)
    )
    return form_view(
        request,
        form,
        save=lambda: services.methodology_update(
            actor=request.user, methodology=methodology, settings=form.settings()
        ),
        done=lambda _: ("The overall settings have been saved", _back(methodology)),
        page=lambda: _page(request, "methodology_edit", title, form=form, methodology=methodology),
    )


@require(can_manage_methodology)
def methodology_kpis_edit(request: SignedInRequest, pk: int) -> HttpResponse:
    methodology = selectors.methodology_get(request.user, pk)
    title = f"Change the {methodology.year_label} methodology's KPI settings"
    if methodology.frozen:
        return _frozen(request, methodology, title)
    form = KpiSettingsForm(posted(request), settings=selectors.methodology_settings(methodology))
    return form_view(
        request,
        form,
        save=lambda: services.methodology_kpis_update(
            actor=request.user, methodology=methodology, changes=form.changes()
        ),
        done=lambda _: ("The KPI settings have been saved", _back(methodology)),
        page=lambda: _page(
            request, "methodology_kpis_edit", title, form=form, methodology=methodology
        ),
    )


@require(can_manage_methodology)
def methodology_kpi_add(request: SignedInRequest, pk: int) -> HttpResponse:
    methodology = selectors.methodology_get(request.user, pk)
    title = f"Add a KPI to the {methodology.year_label} methodology"
    if methodology.frozen:
        return _frozen(request, methodology, title)
    kpis = selectors.kpis_not_in(methodology)
    form = KpiAddForm(posted(request), kpis=kpis)
    return form_view(
        request,
        form,
        save=lambda: services.methodology_kpi_add(
            actor=request.user,
            methodology=methodology,
            kpi=form.cleaned_data["kpi"],
            settings=form.settings(),
        ),
        done=lambda _: (f"{form.cleaned_data['kpi'].name} has been added", _back(methodology)),
        page=lambda: _page(
            request,
            "methodology_kpi_add",
            title,
            form=form,
            methodology=methodology,
            nothing_to_add=not kpis.exists(),
        ),
    )


@require(can_manage_methodology)
def methodology_kpi_remove(request: SignedInRequest, pk: int, code: str) -> HttpResponse:
    methodology = selectors.methodology_get(request.user, pk)
    kpi = selectors.kpi_get(methodology, code)
    title = f"Remove {kpi.name} from the {methodology.year_label} methodology"
    if methodology.frozen:
        return _frozen(request, methodology, title)
    return confirm_view(
        request,
        act=lambda: services.methodology_kpi_remove(
            actor=request.user, methodology=methodology, kpi=kpi
        ),
        done=lambda _: (f"{kpi.name} has been removed from the methodology", _back(methodology)),
        page=lambda **errors: _page(
            request, "methodology_kpi_remove", title, methodology=methodology, kpi=kpi, **errors
        ),
    )

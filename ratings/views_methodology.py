"""KPI definitions and methodologies: read by the people who work with ratings, run by admins."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from core.http import require
from ratings import selectors_methodology as selectors
from ratings import services_methodology as services
from ratings.forms_methodology import (
    KpiAddForm,
    KpiSettingsForm,
    MethodologyCloneForm,
    MethodologyCreateForm,
    OverallSettingsForm,
    plain,
)
from ratings.models import Methodology, Unit
from ratings.permissions import can_manage_methodology, can_view_methodology
from ratings.rules import Band
from ratings.services_definitions import methodology_create_default

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
    return render(request, f"ratings/{template}.html", context)


def _frozen(request: HttpRequest, methodology: Methodology, title: str) -> HttpResponse:
    return _page(
        request,
        "methodology_frozen",
        title,
        methodology=methodology,
        reason=services.frozen_reason(methodology),
    )


@require(can_view_methodology)
def kpi_definitions(request: HttpRequest) -> HttpResponse:
    return _page(
        request, "kpi_definitions", "KPI definitions", kpis=selectors.kpi_list(request.user)
    )


@require(can_view_methodology)
def methodology_list(request: HttpRequest) -> HttpResponse:
    return _page(
        request,
        "methodology_list",
        "QCPM methodologies",
        methodologies=list(selectors.methodology_list(request.user)),
        can_manage=can_manage_methodology(request.user),
    )


@require(can_view_methodology)
def methodology_detail(request: HttpRequest, pk: int) -> HttpResponse:
    methodology = selectors.methodology_get(request.user, pk)
    return _page(
        request,
        "methodology_detail",
        f"Methodology {methodology.year_label}",
        methodology=methodology,
        settings=selectors.methodology_settings(methodology),
        rounds=selectors.methodology_rounds(methodology),
        frozen=methodology.frozen,  # type: ignore[attr-defined]
        can_manage=can_manage_methodology(request.user),
        cap_label=Band.from_key(methodology.critical_cap).label,
    )


@require(can_manage_methodology)
def methodology_create(request: HttpRequest) -> HttpResponse:
    sources = selectors.methodology_list(request.user)
    form = MethodologyCreateForm(
        request.POST or None, sources=sources, initial={"start_from": "defaults"}
    )
    if request.method == "POST" and form.is_valid():
        year, source = form.cleaned_data["year"], form.source()
        try:
            if source is None:
                created = methodology_create_default(actor=request.user, year=year)
            else:
                created = services.methodology_clone(actor=request.user, source=source, year=year)
        except ValidationError as error:
            form.apply_errors(error)
        else:
            messages.success(request, f"The {created.year_label} methodology has been created")
            return redirect("ratings:methodology_detail", created.pk)
    return _page(request, "methodology_create", "Create a methodology", form=form)


@require(can_manage_methodology)
def methodology_clone(request: HttpRequest, pk: int) -> HttpResponse:
    source = selectors.methodology_get(request.user, pk)
    form = MethodologyCloneForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            created = services.methodology_clone(
                actor=request.user, source=source, year=form.cleaned_data["year"]
            )
        except ValidationError as error:
            form.apply_errors(error)
        else:
            messages.success(
                request,
                f"The {created.year_label} methodology has been created as a copy of "
                f"{source.year_label}",
            )
            return redirect("ratings:methodology_detail", created.pk)
    return _page(
        request,
        "methodology_clone",
        f"Clone the {source.year_label} methodology",
        form=form,
        methodology=source,
    )


def _apply(form: Any, change: Any) -> bool:
    """Run a service call, putting its refusal on the form; True when it succeeded."""
    try:
        change()
    except ValidationError as error:
        form.apply_errors(error)
        return False
    return True


@require(can_manage_methodology)
def methodology_edit(request: HttpRequest, pk: int) -> HttpResponse:
    methodology = selectors.methodology_get(request.user, pk)
    title = f"Change the {methodology.year_label} methodology's overall settings"
    if methodology.frozen:  # type: ignore[attr-defined]
        return _frozen(request, methodology, title)
    form = OverallSettingsForm(
        request.POST or None, initial=OverallSettingsForm.initial_for(methodology)
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and _apply(
            form,
            lambda: services.methodology_update(
                actor=request.user, methodology=methodology, settings=form.settings()
            ),
        )
    ):
        messages.success(request, "The overall settings have been saved")
        return redirect("ratings:methodology_detail", methodology.pk)
    return _page(request, "methodology_edit", title, form=form, methodology=methodology)


@require(can_manage_methodology)
def methodology_kpis_edit(request: HttpRequest, pk: int) -> HttpResponse:
    methodology = selectors.methodology_get(request.user, pk)
    title = f"Change the {methodology.year_label} methodology's KPI settings"
    if methodology.frozen:  # type: ignore[attr-defined]
        return _frozen(request, methodology, title)
    form = KpiSettingsForm(
        request.POST or None, settings=selectors.methodology_settings(methodology)
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and _apply(
            form,
            lambda: services.methodology_kpis_update(
                actor=request.user, methodology=methodology, changes=form.changes()
            ),
        )
    ):
        messages.success(request, "The KPI settings have been saved")
        return redirect("ratings:methodology_detail", methodology.pk)
    return _page(request, "methodology_kpis_edit", title, form=form, methodology=methodology)


@require(can_manage_methodology)
def methodology_kpi_add(request: HttpRequest, pk: int) -> HttpResponse:
    methodology = selectors.methodology_get(request.user, pk)
    title = f"Add a KPI to the {methodology.year_label} methodology"
    if methodology.frozen:  # type: ignore[attr-defined]
        return _frozen(request, methodology, title)
    kpis = selectors.kpis_not_in(methodology)
    form = KpiAddForm(request.POST or None, kpis=kpis)
    if (
        request.method == "POST"
        and form.is_valid()
        and _apply(
            form,
            lambda: services.methodology_kpi_add(
                actor=request.user,
                methodology=methodology,
                kpi=form.cleaned_data["kpi"],
                settings=form.settings(),
            ),
        )
    ):
        messages.success(request, f"{form.cleaned_data['kpi'].name} has been added")
        return redirect("ratings:methodology_detail", methodology.pk)
    return _page(
        request,
        "methodology_kpi_add",
        title,
        form=form,
        methodology=methodology,
        nothing_to_add=not kpis.exists(),
    )


@require(can_manage_methodology)
def methodology_kpi_remove(request: HttpRequest, pk: int, code: str) -> HttpResponse:
    methodology = selectors.methodology_get(request.user, pk)
    kpi = selectors.kpi_get(methodology, code)
    title = f"Remove {kpi.name} from the {methodology.year_label} methodology"
    if methodology.frozen:  # type: ignore[attr-defined]
        return _frozen(request, methodology, title)
    errors: list[str] = []
    if request.method == "POST":
        try:
            services.methodology_kpi_remove(actor=request.user, methodology=methodology, kpi=kpi)
        except ValidationError as error:
            errors = list(error.messages)
        else:
            messages.success(request, f"{kpi.name} has been removed from the methodology")
            return redirect("ratings:methodology_detail", methodology.pk)
    return _page(
        request,
        "methodology_kpi_remove",
        title,
        methodology=methodology,
        kpi=kpi,
        error_list=[{"text": message, "href": "#maincontent"} for message in errors],
        page_error=bool(errors),
    )

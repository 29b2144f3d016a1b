"""Administrators import organisations: upload, check the preview, confirm; and past imports."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from accounts.http import SignedInRequest
from core.http import require
from core.imports.errors import ImportRefused, NotAcknowledged, PlanChanged
from core.pagination import page_links, paginate
from organisations.imports import selectors, services
from organisations.imports.forms import ImportConfirmForm, ImportUploadForm
from organisations.imports.moves import MOVE_REGIONS
from organisations.imports.plan import ImportPlan
from organisations.models import ImportRun
from organisations.permissions import can_import_organisations

RECENT_RUNS = 10


def summary_line(counts: dict[str, Any]) -> str:
    return ", ".join(
        f"{counts[key]:,} {key}" for key in ("created", "updated", "unchanged", "skipped")
    )


@require(can_import_organisations)
def import_upload(request: SignedInRequest) -> HttpResponseBase:
    if request.method == "POST":
        form = ImportUploadForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            plan, run = services.import_preview(
                actor=request.user,
                source=form.cleaned_data["source"],
                file_name=upload.name or "",
                data=upload.read(settings.IMPORT_MAX_BYTES + 1),
            )
            if run is not None:
                return redirect("organisations:import_detail", run.pk)
            return _preview(request, plan, file_name=upload.name or "", run=None)
    else:
        form = ImportUploadForm()
    return render(
        request,
        "organisations/import_upload.html",
        {
            "page_title": "Import organisations",
            "form": form,
            "runs": list(selectors.import_runs()[:RECENT_RUNS]),
            "page_error": form.is_bound and not form.is_valid(),
        },
    )


def _preview(
    request: HttpRequest,
    plan: ImportPlan,
    *,
    file_name: str,
    run: ImportRun | None,
    form: ImportConfirmForm | None = None,
) -> HttpResponse:
    if form is None:
        form = ImportConfirmForm(initial={"fingerprint": plan.fingerprint()})
    refused = form.is_bound and bool(form.errors)
    return render(
        request,
        "organisations/import_preview.html",
        {
            "page_title": "Check the import" if plan.is_valid else "Errors in the file",
            "page_error": not plan.is_valid or refused,
            "plan": plan,
            "file_name": file_name,
            "run": run,
            "form": form,
            "live": selectors.changed_with_live_work(plan, request.user) if plan.is_valid else {},
            "same_file": selectors.same_file_imported(run) if run is not None else None,
        },
    )


@require(can_import_organisations)
def import_detail(request: SignedInRequest, pk: int) -> HttpResponseBase:
    """A previewed file's plan (recomputed now) with the confirm button, or a past import."""
    run = selectors.import_run_get(pk)
    if run.status == ImportRun.Status.PREVIEWED:
        return _preview(request, services.run_plan(run), file_name=run.file_name, run=run)
    summary = run.summary or {}
    return render(
        request,
        "organisations/import_result.html",
        {
            "page_title": f"Import of {run.file_name}",
            "run": run,
            "summary": summary,
            "skips": summary.get("skips", []),
        },
    )


@require(can_import_organisations)
@require_POST
def import_confirm(request: SignedInRequest, pk: int) -> HttpResponseBase:
    run = selectors.import_run_get(pk)
    form = ImportConfirmForm(request.POST)
    form.is_valid()  # every field is optional; the service checks what they say
    data = form.cleaned_data
    try:
        run = services.import_confirm(
            actor=request.user,
            run=run,
            fingerprint=data.get("fingerprint") or "",
            acknowledged=[MOVE_REGIONS] if data.get("move_regions") else [],
        )
    except NotAcknowledged as refused:
        # The same preview again, with the refusal beside the box to tick.
        form = ImportConfirmForm(request.POST)
        form.add_error(refused.key, str(refused))
        return _preview(request, refused.plan, file_name=run.file_name, run=run, form=form)
    except PlanChanged as changed:
        messages.warning(request, str(changed))
    except ImportRefused as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, f"Imported {run.file_name}: {summary_line(run.summary)}.")
    return redirect("organisations:import_detail", run.pk)


@require(can_import_organisations)
def imports(request: SignedInRequest) -> HttpResponseBase:
    page = paginate(request, selectors.import_runs())
    return render(
        request,
        "organisations/import_runs.html",
        {"page_title": "Past imports", "page": page, "pagination": page_links(request, page)},
    )

"""Contract managers and administrators load KPI values: upload, check, confirm, follow."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from core.exports import table_download
from core.http import require
from core.imports.errors import ErrorList, ImportRefused, PlanChanged, errors_from_summary
from core.imports.files import display_file_name
from core.imports.recovery import recover_stale_runs
from core.pagination import page_links, paginate
from ratings.imports import selectors, services
from ratings.imports.forms import KpiImportForm
from ratings.imports.parsing import COLUMNS, EXAMPLE_ROW, SHOWN_ERRORS, max_bytes
from ratings.models import Kpi, KpiImport
from ratings.permissions import can_manage_ratings

RECENT_IMPORTS = 5


@require(can_manage_ratings)
def kpi_import_upload(request: HttpRequest) -> HttpResponseBase:
    if request.method == "POST":
        form = KpiImportForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            plan, kpi_import = services.import_preview(
                actor=request.user, file_name=upload.name or "", data=upload.read(max_bytes() + 1)
            )
            if kpi_import is not None:
                return redirect("ratings:kpi_import_detail", kpi_import.pk)
            # No run: the file was checked here and has errors.
            errors = plan.errors if plan is not None else ErrorList()
            return _errors(request, errors, file_name=upload.name or "")
    else:
        form = KpiImportForm()
    return render(
        request,
        "ratings/imports/kpi_import_upload.html",
        {
            "page_title": "Load KPI data",
            "page_error": form.is_bound and not form.is_valid(),
            "form": form,
            "columns": COLUMNS,
            "kpis": Kpi.objects.filter(active=True).order_by("code"),
            "imports": list(selectors.imports_visible_to(request.user)[:RECENT_IMPORTS]),
        },
    )


def _errors(request: HttpRequest, errors: ErrorList, *, file_name: str) -> HttpResponse:
    return render(
        request,
        "ratings/imports/kpi_import_errors.html",
        {
            "page_title": "Errors in the file",
            "page_error": True,
            "errors": errors,
            "file_name": display_file_name(file_name),
        },
    )


@require(can_manage_ratings)
def kpi_import_template(request: HttpRequest, kind: str) -> HttpResponseBase:
    """An empty file to fill in: the header and one example row."""
    if kind not in ("csv", "xlsx"):
        raise Http404("Page not found")
    return table_download(kind, "kpi-values-template", COLUMNS, [EXAMPLE_ROW])


@require(can_manage_ratings)
def kpi_import_detail(request: HttpRequest, pk: int) -> HttpResponseBase:
    """A checked file waiting for confirmation, an import in progress, or its outcome (a
    failed one may be confirmed again)."""
    # An import whose worker died is shown as failed, so it can be confirmed again.
    recover_stale_runs(among=[services.IMPORTER])
    kpi_import = selectors.import_get(request.user, pk)
    summary = kpi_import.summary or {}
    context = {"kpi_import": kpi_import, "summary": summary}
    if kpi_import.status == KpiImport.Status.PREVIEWED:
        return render(
            request,
            "ratings/imports/kpi_import_preview.html",
            context
            | {
                "page_title": "Check the import",
                "same_file": selectors.same_file_imported(kpi_import),
                "background": _in_background(kpi_import),
            },
        )
    if kpi_import.status == KpiImport.Status.REFUSED:
        errors = errors_from_summary(summary, show=SHOWN_ERRORS)
        return _errors(request, errors, file_name=kpi_import.file_name)
    if kpi_import.status == KpiImport.Status.CHECKING:
        return render(
            request,
            "ratings/imports/kpi_import_progress.html",
            context | {"page_title": f"Checking {kpi_import.file_name}", "checking": True},
        )
    if kpi_import.status in (KpiImport.Status.QUEUED, KpiImport.Status.RUNNING):
        total = kpi_import.rows_total or 1
        return render(
            request,
            "ratings/imports/kpi_import_progress.html",
            context
            | {
                "page_title": f"Importing {kpi_import.file_name}",
                "percent": min(100, kpi_import.rows_done * 100 // total),
            },
        )
    return render(
        request,
        "ratings/imports/kpi_import_result.html",
        context
        | {
            "page_title": f"Import of {kpi_import.file_name}",
            "background": _in_background(kpi_import),
        },
    )


def _in_background(kpi_import: KpiImport) -> bool:
    rows = services.IMPORTER.background_rows
    return kpi_import.by_worker or (rows is not None and kpi_import.rows_total > rows)


@require(can_manage_ratings)
@require_POST
def kpi_import_confirm(request: HttpRequest, pk: int) -> HttpResponseBase:
    kpi_import = selectors.import_get(request.user, pk)
    try:
        kpi_import = services.import_confirm(
            actor=request.user,
            kpi_import=kpi_import,
            fingerprint=request.POST.get("fingerprint", ""),
        )
    except PlanChanged as changed:
        messages.warning(request, str(changed))
    except ImportRefused as refused:
        messages.error(request, str(refused))
    else:
        if kpi_import.status == KpiImport.Status.IMPORTED:
            summary = kpi_import.summary or {}
            messages.success(
                request,
                f"Imported {kpi_import.file_name}: {summary.get('created', 0):,} new, "
                f"{summary.get('changed', 0):,} changed, "
                f"{summary.get('unchanged', 0):,} unchanged.",
            )
    return redirect("ratings:kpi_import_detail", kpi_import.pk)


@require(can_manage_ratings)
def kpi_import_list(request: HttpRequest) -> HttpResponseBase:
    page = paginate(request, selectors.imports_visible_to(request.user))
    return render(
        request,
        "ratings/imports/kpi_import_list.html",
        {"page_title": "Past KPI imports", "page": page, "pagination": page_links(request, page)},
    )

"""Reads of KPI imports. Administrators see every import; contract managers see their own."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from ratings.models import KpiImport

if TYPE_CHECKING:
    from accounts.models import Viewer


def imports_visible_to(user: Viewer) -> QuerySet[KpiImport]:
    """Imports newest first: all of them nationally, otherwise the ones the user uploaded."""
    return (
        KpiImport.objects.select_related("uploaded_by")
        .order_by("-uploaded_at", "-pk")
        .visible_to(user)
    )


def import_get(user: Viewer, pk: int) -> KpiImport:
    return get_object_or_404(imports_visible_to(user), pk=pk)


def same_file_imported(kpi_import: KpiImport) -> KpiImport | None:
    """An earlier, completed import of a file with exactly the same contents, if any."""
    return (
        KpiImport.objects.filter(sha256=kpi_import.sha256, status=KpiImport.Status.IMPORTED)
        .exclude(pk=kpi_import.pk)
        .order_by("-finished_at")
        .first()
    )

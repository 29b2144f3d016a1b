"""Reads of import runs. Only administrators reach them (checked by the views)."""

from __future__ import annotations

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from organisations.imports.plan import ImportPlan
from organisations.live import live_work
from organisations.models import ImportRun


def import_runs() -> QuerySet[ImportRun]:
    """Committed imports, newest first."""
    return (
        ImportRun.objects.filter(status=ImportRun.Status.IMPORTED)
        .select_related("uploaded_by")
        .order_by("-finished_at", "-pk")
    )


def import_run_get(pk: int) -> ImportRun:
    return get_object_or_404(ImportRun.objects.select_related("uploaded_by"), pk=pk)


def same_file_imported(run: ImportRun) -> ImportRun | None:
    """An earlier committed import of a file with exactly the same contents, if any."""
    return import_runs().filter(sha256=run.sha256, source=run.source).exclude(pk=run.pk).first()


def changed_with_live_work(plan: ImportPlan, who: object) -> dict[int, list[str]]:
    """For each organisation the plan changes that has live work ``who`` may see (their
    self-assessments, ratings, people...), what it has, by organisation id."""
    return live_work([update.organisation.pk for update in plan.updates], who)

"""The KPI import on the import pipeline: its applier, and the flow bound to it.

A plan is applied in one transaction, in batches (``writing``): new values are created,
changed values are updated with a ``KpiValueHistory`` row keeping the value they replace,
and unchanged values are left alone (so re-importing a file changes nothing). Every value
written points at its ``KpiImport`` (file, who, when). When the file creates or changes
values of a year whose ratings are computed, the programmes it touched are marked out of
date (``ratings.compute.staleness``) until the ratings are recomputed. KPI values are not
registered with the audit log on purpose; the import itself is, inside the pipeline's
``acting_as``.
"""

from __future__ import annotations

from typing import Any

from core import clock
from core.imports import checking, pipeline
from core.imports.importer import Importer, Progress, Wording
from ratings.compute.staleness import stale_mark
from ratings.imports.parsing import check_file_size, checked_by_worker, max_bytes
from ratings.imports.plan import KpiPlan, check, compare
from ratings.imports.writing import values_write
from ratings.models import KpiImport

# Files with more rows than this are imported by the background worker.
BACKGROUND_ROWS = 5000


def _check(data: bytes, *, run: KpiImport, actor: Any, progress: Progress | None) -> KpiPlan:
    return check(data, actor=actor, file_name=run.file_name, progress=progress)


def apply_plan(plan: KpiPlan, *, actor: Any, run: KpiImport) -> None:
    """Create the plan's new values and update its changed ones, marking the computed ratings
    they leave out of date; the pipeline holds the transaction and records the run."""
    now = clock.now()
    touched = [item.programme_year for item in plan.creates]
    touched += [item.programme_year for item, _old in plan.updates]
    # Marked first: marking locks the years' rounds, so no computation reads half the file.
    plan.stale_by_year = stale_mark(touched, kpi_import=run, now=now)
    if plan.stale_by_year and run.pk is not None:
        # The run's record may already be saved (the command saves it first): the counts
        # join it without a second audit entry.
        run.summary = plan.summary()
        KpiImport.objects.filter(pk=run.pk).update(summary=run.summary)
    values_write(plan, kpi_import=run, now=now)


IMPORTER: Importer[KpiPlan, KpiImport] = Importer(
    run_model=KpiImport,
    check=_check,
    compare=compare,
    apply=apply_plan,
    fingerprint=lambda plan: plan.fingerprint,
    max_bytes=max_bytes,
    background_rows=BACKGROUND_ROWS,
    wording=Wording(
        plan_changed=(
            "KPI values have changed since this file was checked, so nothing was imported. "
            "Check what the file would change now and confirm again."
        ),
        already_imported=(
            "{file_name} has already been imported or is being imported; "
            "nothing was changed this time."
        ),
    ),
)


def import_preview(
    *, actor: Any, file_name: str, data: bytes
) -> tuple[KpiPlan | None, KpiImport | None]:
    """Check the file; keep a valid one for confirmation with its plan, write nothing else.

    A large file is not read here: it is kept as an import being checked, the worker checks
    it (no plan comes back), and its page follows the check."""
    if checked_by_worker(data, file_name):
        return None, checking.queue_check(IMPORTER, actor=actor, file_name=file_name, data=data)
    return pipeline.preview(IMPORTER, actor=actor, file_name=file_name, data=data)


def import_confirm(*, actor: Any, kpi_import: KpiImport, fingerprint: str) -> KpiImport:
    """Apply a previewed (or failed) file now, or queue it for the worker when it is large,
    if its plan is still exactly the one the user saw."""
    return pipeline.confirm(IMPORTER, actor=actor, run=kpi_import, fingerprint=fingerprint)


def import_file(
    *, actor: Any, file_name: str, data: bytes, dry_run: bool = False
) -> tuple[KpiPlan, KpiImport | None]:
    """Check and, unless it is a dry run or the file has errors, apply in one step (the command)."""
    check_file_size(len(data))
    return pipeline.import_file(
        IMPORTER, actor=actor, file_name=file_name, data=data, dry_run=dry_run
    )

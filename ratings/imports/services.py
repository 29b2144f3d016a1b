"""Every write a KPI import makes: keeping a previewed file, and applying its plan.

A plan is applied in one transaction, in batches (``writing``):
new values are created, changed values are updated with a ``KpiValueHistory`` row keeping
the value they replace, and unchanged values are left alone (so re-importing a file changes
nothing). Every value written points at its ``KpiImport`` (file, who, when). KPI values are
not registered with the audit log on purpose; the import itself is, inside ``acting_as``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import unicodedata
import uuid
from pathlib import PurePosixPath, PureWindowsPath
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.tasks import task

from core import clock
from core.audit import acting_as
from ratings.imports.parsing import check_size, is_excel, max_bytes
from ratings.imports.plan import KpiPlan, Progress, build_plan, check, compare
from ratings.imports.writing import values_write
from ratings.models import KpiImport

# Files with more rows than this are imported by the background worker.
BACKGROUND_ROWS = 5000
# Previews nobody confirmed are removed after this long.
PREVIEW_LIFETIME = dt.timedelta(days=1)


class ImportRefused(Exception):
    """A confirmation that cannot go ahead; the message says why."""


class AlreadyImported(ImportRefused):
    pass


class PlanChanged(ImportRefused):
    """The stored values changed after the preview; ``plan`` is what the file would do now."""

    def __init__(self, plan: KpiPlan) -> None:
        super().__init__(
            "KPI values have changed since this file was checked, so nothing was imported. "
            "Check what the file would change now and confirm again."
        )
        self.plan = plan


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def display_file_name(name: str) -> str:
    """The uploaded file's own name, without folders or control characters."""
    base = PureWindowsPath(PurePosixPath(name).name).name
    cleaned = "".join(ch for ch in base if unicodedata.category(ch)[0] != "C").strip()
    return cleaned[:200] or "unnamed file"


def _actor_or_none(actor: Any) -> Any:
    return actor if actor is not None and getattr(actor, "is_authenticated", False) else None


def _store(kpi_import: KpiImport, data: bytes) -> None:
    # A random stored name: the user's file name is only ever displayed, never a path.
    suffix = "xlsx" if is_excel(data, kpi_import.file_name) else "csv"
    kpi_import.file.save(f"{uuid.uuid4().hex}.{suffix}", ContentFile(data), save=False)


def stored_bytes(kpi_import: KpiImport) -> bytes:
    """The stored file's contents; ``ImportRefused`` if it has gone."""
    try:
        with kpi_import.file.open("rb") as handle:
            data = handle.read(max_bytes() + 1)
    except (OSError, ValueError):
        raise ImportRefused(
            f"The stored copy of {kpi_import.file_name} cannot be read. Upload the file again."
        ) from None
    if sha256_of(data) != kpi_import.sha256:
        raise ImportRefused("The stored file no longer matches what was uploaded. Upload it again.")
    return data


def previews_discard_stale(*, actor: Any, now: dt.datetime | None = None) -> int:
    """Delete previews left unconfirmed for longer than ``PREVIEW_LIFETIME``, with their files."""
    cutoff = (now or clock.now()) - PREVIEW_LIFETIME
    stale = list(
        KpiImport.objects.filter(status=KpiImport.Status.PREVIEWED, uploaded_at__lt=cutoff)
    )
    with transaction.atomic(), acting_as(actor):
        for kpi_import in stale:
            if kpi_import.file:
                kpi_import.file.delete(save=False)
            kpi_import.delete()
    return len(stale)


def import_preview(*, actor: Any, file_name: str, data: bytes) -> tuple[KpiPlan, KpiImport | None]:
    """Check the file; keep a valid one for confirmation with its plan, write nothing else."""
    plan = build_plan(data, actor=actor, file_name=file_name)
    if not plan.is_valid:
        return plan, None
    previews_discard_stale(actor=actor)
    kpi_import = KpiImport(
        file_name=display_file_name(file_name),
        sha256=sha256_of(data),
        uploaded_by=_actor_or_none(actor),
        status=KpiImport.Status.PREVIEWED,
        rows_total=plan.rows,
        summary=plan.summary(),
    )
    _store(kpi_import, data)
    try:
        with (
            transaction.atomic(),
            acting_as(actor, import_file=kpi_import.file_name, sha256=kpi_import.sha256),
        ):
            kpi_import.save()
    except BaseException:
        kpi_import.file.delete(save=False)
        raise
    return plan, kpi_import


def import_confirm(*, actor: Any, kpi_import: KpiImport, fingerprint: str) -> KpiImport:
    """Apply a previewed file now, or queue it for the worker when it is large.

    Either way the plan is worked out again and applied only if it is exactly the one the
    user saw (same fingerprint).
    """
    if kpi_import.rows_total <= BACKGROUND_ROWS:
        import_run(actor=actor, kpi_import=kpi_import, fingerprint=fingerprint)
        kpi_import.refresh_from_db()
        return kpi_import
    with transaction.atomic(), acting_as(actor, import_file=kpi_import.file_name):
        locked = KpiImport.objects.select_for_update().get(pk=kpi_import.pk)
        _check_previewed(locked)
        locked.status = KpiImport.Status.QUEUED
        locked.rows_done = 0
        locked.save(update_fields=["status", "rows_done"])
    import_kpi_values.enqueue(
        import_id=locked.pk,
        actor_id=actor.pk if _actor_or_none(actor) else None,
        fingerprint=fingerprint,
    )
    locked.refresh_from_db()
    return locked


def _check_previewed(kpi_import: KpiImport, *, queued: bool = False) -> None:
    allowed = {KpiImport.Status.PREVIEWED}
    if queued:
        allowed |= {KpiImport.Status.QUEUED, KpiImport.Status.RUNNING}
    if kpi_import.status not in allowed:
        raise AlreadyImported(
            f"{kpi_import.file_name} has already been imported or is being imported; "
            "nothing was changed this time."
        )


def import_run(
    *, actor: Any, kpi_import: KpiImport, fingerprint: str, queued: bool = False
) -> KpiPlan:
    """Check the stored file again (reporting progress) and apply it in one transaction."""
    _check_previewed(kpi_import, queued=queued)
    data = stored_bytes(kpi_import)
    progress: Progress | None = None
    if queued:
        KpiImport.objects.filter(pk=kpi_import.pk).update(status=KpiImport.Status.RUNNING)

        def progress(done: int) -> None:
            # Outside the write transaction, so the progress page sees it at once.
            KpiImport.objects.filter(pk=kpi_import.pk).update(rows_done=done)

    plan = check(data, actor=actor, file_name=kpi_import.file_name, progress=progress)
    with transaction.atomic():
        locked = KpiImport.objects.select_for_update().get(pk=kpi_import.pk)
        _check_previewed(locked, queued=queued)
        compare(plan)  # against the values as they are inside this transaction
        changed = not plan.is_valid or plan.fingerprint != fingerprint
        if not changed:
            _apply(plan, actor=actor, kpi_import=locked)
    if changed:
        if plan.is_valid and not queued:
            # The preview now shows what the file would do against today's values.
            KpiImport.objects.filter(pk=kpi_import.pk).update(summary=plan.summary())
        raise PlanChanged(plan)
    return plan


def import_failed(*, kpi_import_id: int, message: str) -> None:
    """Record why a background import stopped; its values are untouched (it rolled back)."""
    kpi_import = KpiImport.objects.get(pk=kpi_import_id)
    with transaction.atomic(), acting_as(None, import_file=kpi_import.file_name):
        kpi_import.status = KpiImport.Status.FAILED
        kpi_import.finished_at = clock.now()
        kpi_import.summary = {**(kpi_import.summary or {}), "error": message}
        kpi_import.save(update_fields=["status", "finished_at", "summary"])


def import_file(
    *, actor: Any, file_name: str, data: bytes, dry_run: bool = False
) -> tuple[KpiPlan, KpiImport | None]:
    """Check and, unless it is a dry run or the file has errors, apply in one step (the command)."""
    check_size(len(data))
    plan = check(data, actor=actor, file_name=file_name)
    if not plan.is_valid:
        return plan, None
    if dry_run:
        return compare(plan), None
    kpi_import = KpiImport(
        file_name=display_file_name(file_name),
        sha256=sha256_of(data),
        uploaded_by=_actor_or_none(actor),
        status=KpiImport.Status.RUNNING,
        rows_total=plan.rows,
    )
    _store(kpi_import, data)
    try:
        with transaction.atomic():
            with acting_as(actor, import_file=kpi_import.file_name, sha256=kpi_import.sha256):
                kpi_import.save()
            compare(plan)
            _apply(plan, actor=actor, kpi_import=kpi_import)
    except BaseException:
        kpi_import.file.delete(save=False)
        raise
    return plan, kpi_import


def _apply(plan: KpiPlan, *, actor: Any, kpi_import: KpiImport) -> None:
    """Write the plan; the caller holds the transaction."""
    if not plan.is_valid:
        raise ImportRefused("A file with errors cannot be imported.")
    now = clock.now()
    values_write(plan, kpi_import=kpi_import, now=now)
    with acting_as(actor, import_file=kpi_import.file_name, sha256=kpi_import.sha256):
        kpi_import.status = KpiImport.Status.IMPORTED
        kpi_import.rows_done = plan.rows
        kpi_import.rows_total = plan.rows
        kpi_import.finished_at = now
        kpi_import.summary = plan.summary()
        kpi_import.save()


# --- the worker's task ---------------------------------------------------------------------


@task()
def import_kpi_values(*, import_id: int, actor_id: int | None, fingerprint: str) -> dict[str, Any]:
    """Import a previewed KPI file that was queued on confirmation; record progress and outcome."""
    from accounts.models import User

    kpi_import = KpiImport.objects.get(pk=import_id)
    actor = User.objects.filter(pk=actor_id).first() if actor_id is not None else None
    try:
        plan = import_run(actor=actor, kpi_import=kpi_import, fingerprint=fingerprint, queued=True)
    except AlreadyImported:
        raise
    except ImportRefused as refused:
        import_failed(kpi_import_id=import_id, message=str(refused))
        return {"status": "failed", "error": str(refused)}
    except Exception:
        import_failed(
            kpi_import_id=import_id,
            message="The import stopped with an unexpected error; nothing was changed.",
        )
        raise
    return {"status": "imported", **plan.counts()}

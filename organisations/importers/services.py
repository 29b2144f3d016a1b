"""Every write an import makes: storing a previewed file and committing a plan.

A plan is applied through the organisation services in one transaction, inside
``acting_as(actor, import_file=..., sha256=...)`` so each audit entry names the file.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import unicodedata
import uuid
from pathlib import PurePosixPath, PureWindowsPath
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction

from core import clock
from core.audit import acting_as
from organisations.importers.plan import ImportPlan, build_plan
from organisations.models import ImportRun
from organisations.services import organisation_create, organisation_update

# Previews nobody confirmed are removed after this long.
PREVIEW_LIFETIME = dt.timedelta(days=1)


class ImportRefused(Exception):
    """A confirmation that cannot go ahead; the message says why."""


class AlreadyImported(ImportRefused):
    pass


class PlanChanged(ImportRefused):
    """The register changed after the preview: ``plan`` is what the file would do now."""

    def __init__(self, plan: ImportPlan) -> None:
        super().__init__(
            "The register has changed since this file was previewed, so nothing was imported. "
            "Check what the file would change now and confirm again."
        )
        self.plan = plan


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def display_file_name(name: str) -> str:
    """The uploaded file's own name, without any folders or control characters."""
    base = PureWindowsPath(PurePosixPath(name).name).name
    cleaned = "".join(ch for ch in base if unicodedata.category(ch)[0] != "C").strip()
    return cleaned[:200] or "unnamed file"


def _actor_or_none(actor: Any) -> Any:
    return actor if actor is not None and getattr(actor, "is_authenticated", False) else None


def _store(run: ImportRun, data: bytes) -> None:
    # A random stored name: the user's file name is only ever displayed, never used as a path.
    run.file.save(f"{uuid.uuid4().hex}.csv", ContentFile(data), save=False)


def stored_bytes(run: ImportRun) -> bytes:
    """The stored file's contents; ``ImportRefused`` if it has gone."""
    try:
        with run.file.open("rb") as handle:
            return handle.read(settings.IMPORT_MAX_BYTES + 1)
    except (OSError, ValueError):
        raise ImportRefused(
            f"The stored copy of {run.file_name} cannot be read. Upload the file again."
        ) from None


def run_plan(run: ImportRun) -> ImportPlan:
    """The plan for a stored file, computed against the register as it is now."""
    try:
        data = stored_bytes(run)
    except ImportRefused as refused:
        plan = ImportPlan(source=run.source)
        plan.errors.add(None, None, str(refused))
        return plan
    return build_plan(run.source, data)


def previews_discard_stale(*, actor: Any, now: dt.datetime | None = None) -> int:
    """Delete previews left unconfirmed for longer than ``PREVIEW_LIFETIME``, with their files."""
    cutoff = (now or clock.now()) - PREVIEW_LIFETIME
    stale = list(
        ImportRun.objects.filter(status=ImportRun.Status.PREVIEWED, imported_at__lt=cutoff)
    )
    with transaction.atomic(), acting_as(actor):
        for run in stale:
            if run.file:
                run.file.delete(save=False)
            run.delete()
    return len(stale)


def import_preview(
    *, actor: Any, source: str, file_name: str, data: bytes
) -> tuple[ImportPlan, ImportRun | None]:
    """Work out what the file would do; keep a valid file for confirmation, write nothing else."""
    plan = build_plan(source, data)
    if not plan.is_valid:
        return plan, None
    previews_discard_stale(actor=actor)
    run = ImportRun(
        source=source,
        status=ImportRun.Status.PREVIEWED,
        file_name=display_file_name(file_name),
        sha256=sha256_of(data),
        imported_by=_actor_or_none(actor),
    )
    _store(run, data)
    try:
        with transaction.atomic(), acting_as(actor, import_file=run.file_name, sha256=run.sha256):
            run.save()
    except BaseException:
        run.file.delete(save=False)
        raise
    return plan, run


def import_confirm(*, actor: Any, run: ImportRun, fingerprint: str) -> ImportPlan:
    """Apply a previewed file, if the plan is still exactly the one the user saw."""
    with transaction.atomic():
        run = ImportRun.objects.select_for_update().get(pk=run.pk)
        if run.status != ImportRun.Status.PREVIEWED:
            raise AlreadyImported(
                f"{run.file_name} has already been imported; nothing was changed this time."
            )
        data = stored_bytes(run)
        if sha256_of(data) != run.sha256:
            raise ImportRefused(
                "The stored file no longer matches what was uploaded. Upload it again."
            )
        plan = build_plan(run.source, data)
        if not plan.is_valid or plan.fingerprint() != fingerprint:
            raise PlanChanged(plan)
        _apply(plan, actor=actor, run=run)
    return plan


def import_file(
    *, actor: Any, source: str, file_name: str, data: bytes, dry_run: bool = False
) -> tuple[ImportPlan, ImportRun | None]:
    """Plan and, unless it is a dry run or the file has errors, apply in one step (the command)."""
    plan = build_plan(source, data)
    if not plan.is_valid or dry_run:
        return plan, None
    run = ImportRun(source=source, file_name=display_file_name(file_name), sha256=sha256_of(data))
    _store(run, data)
    try:
        with transaction.atomic():
            _apply(plan, actor=actor, run=run)
    except BaseException:
        run.file.delete(save=False)
        raise
    return plan, run


def _apply(plan: ImportPlan, *, actor: Any, run: ImportRun) -> None:
    if not plan.is_valid:
        raise ImportRefused("A file with errors cannot be imported.")
    with acting_as(actor, import_file=run.file_name, sha256=run.sha256):
        for create in plan.creates:
            organisation_create(actor=actor, **create.values)
        for update in plan.updates:
            organisation_update(actor=actor, organisation=update.organisation, **update.values)
        run.status = ImportRun.Status.IMPORTED
        run.imported_by = _actor_or_none(actor)
        run.imported_at = clock.now()
        run.summary = plan.summary()
        run.save()

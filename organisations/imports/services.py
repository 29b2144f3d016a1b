"""The organisation imports on the import pipeline: its applier, and the flow bound to it.

A plan is applied through the organisation services, inside the pipeline's one transaction
and ``acting_as(actor, import_file=..., sha256=...)``, so each audit entry names the file.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from typing import TYPE_CHECKING

from django.conf import settings

from core.imports import pipeline
from core.imports.errors import ImportRefused
from core.imports.importer import Importer, Progress, Wording
from organisations.imports.moves import acknowledgements
from organisations.imports.plan import ImportPlan, check, compare
from organisations.models import ImportRun
from organisations.permissions import check_may_change_register
from organisations.services import organisation_create, organisation_update

if TYPE_CHECKING:
    from accounts.models import User


def _check(
    data: bytes, *, run: ImportRun, actor: User | None, progress: Progress | None
) -> ImportPlan:
    return check(run.source, data)


def apply_plan(plan: ImportPlan, *, actor: User | None, run: ImportRun) -> None:
    """Create and update the organisations the plan lists."""
    # The register names whoever confirmed an import as the one who imported it.
    run.uploaded_by = pipeline.actor_or_none(actor)
    for create in plan.creates:
        organisation_create(actor=actor, **create.values)
    for update in plan.updates:
        organisation_update(actor=actor, organisation=update.organisation, **update.values)


IMPORTER: Importer[ImportPlan, ImportRun] = Importer(
    run_model=ImportRun,
    check=_check,
    compare=compare,
    apply=apply_plan,
    fingerprint=ImportPlan.fingerprint,
    max_bytes=lambda: int(settings.IMPORT_MAX_BYTES),
    acknowledgements=acknowledgements,
    wording=Wording(
        plan_changed=(
            "The register has changed since this file was previewed, so nothing was imported. "
            "Check what the file would change now and confirm again."
        ),
        already_imported="{file_name} has already been imported; nothing was changed this time.",
    ),
)


def previews_discard_stale(*, actor: User | None, now: dt.datetime | None = None) -> int:
    """Delete previews left unconfirmed for a day, with their files."""
    return pipeline.discard_stale_previews(IMPORTER, actor=actor, now=now)


def import_preview(
    *, actor: User | None, source: str, file_name: str, data: bytes
) -> tuple[ImportPlan, ImportRun | None]:
    """Work out what the file would do; keep a valid file for confirmation, write nothing else."""
    check_may_change_register(actor)
    return pipeline.preview(IMPORTER, actor=actor, file_name=file_name, data=data, source=source)


def run_plan(run: ImportRun) -> ImportPlan:
    """The plan for a stored file, computed against the register as it is now."""
    try:
        return pipeline.stored_plan(IMPORTER, run, actor=None)
    except ImportRefused as refused:
        plan = ImportPlan(source=run.source)
        plan.errors.add(None, None, str(refused))
        return plan


def import_confirm(
    *,
    actor: User | None,
    run: ImportRun,
    fingerprint: str,
    acknowledged: Collection[str] = (),
) -> ImportRun:
    """Apply a previewed file, if the plan is still exactly the one the user saw and the
    confirmation ``acknowledged`` what it must (``moves.MOVE_REGIONS`` for region moves)."""
    check_may_change_register(actor)
    return pipeline.confirm(
        IMPORTER, actor=actor, run=run, fingerprint=fingerprint, acknowledged=acknowledged
    )


def import_file(
    *,
    actor: User | None,
    source: str,
    file_name: str,
    data: bytes,
    dry_run: bool = False,
    acknowledged: Collection[str] = (),
) -> tuple[ImportPlan, ImportRun | None]:
    """Plan and, unless it is a dry run or the file has errors, apply in one step (the command);
    a plan that moves organisations to another region needs ``moves.MOVE_REGIONS``."""
    check_may_change_register(actor)
    return pipeline.import_file(
        IMPORTER,
        actor=actor,
        file_name=file_name,
        data=data,
        dry_run=dry_run,
        acknowledged=acknowledged,
        source=source,
    )

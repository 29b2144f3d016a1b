"""Background work of the QCPM: importing large KPI files (the worker runs it)."""

from __future__ import annotations

from typing import Any

from django.tasks import task


@task()
def import_kpi_values(*, import_id: int, actor_id: int | None, fingerprint: str) -> dict[str, Any]:
    """Import a previewed KPI file that was queued on confirmation; record progress and outcome."""
    from accounts.models import User
    from ratings import services_import
    from ratings.models import KpiImport

    kpi_import = KpiImport.objects.get(pk=import_id)
    actor = User.objects.filter(pk=actor_id).first() if actor_id is not None else None
    try:
        plan = services_import.import_run(
            actor=actor, kpi_import=kpi_import, fingerprint=fingerprint, queued=True
        )
    except services_import.AlreadyImported:
        raise
    except services_import.ImportRefused as refused:
        services_import.import_failed(kpi_import_id=import_id, message=str(refused))
        return {"status": "failed", "error": str(refused)}
    except Exception:
        services_import.import_failed(
            kpi_import_id=import_id,
            message="The import stopped with an unexpected error; nothing was changed.",
        )
        raise
    return {"status": "imported", **plan.counts()}

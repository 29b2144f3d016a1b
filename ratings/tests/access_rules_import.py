"""Who may use the KPI import pages: contract managers and quality administrators only."""

from __future__ import annotations

from typing import Any

from access.testing import World
from core.testing.access import Rule
from core.testing.personas import CONTRACT_MANAGERS
from ratings.models import KpiImport

MANAGERS = frozenset({"admin", "contract_manager"})
# The upload page and one's own imports: every contract manager, whichever their region.
ALL_MANAGERS = MANAGERS | CONTRACT_MANAGERS


def _import(world: World, uploader: str = "contract_manager") -> dict[str, Any]:
    # By default the contract manager's own import, so both allowed personas reach it.
    kpi_import, _ = KpiImport.objects.get_or_create(
        file_name=f"access-rules-{uploader}.csv",
        defaults={
            "sha256": "0" * 64,
            "uploaded_by": world.user(uploader),
            "status": KpiImport.Status.IMPORTED,
            "summary": {"rows": 1, "created": 1, "changed": 0, "unchanged": 0},
        },
    )
    return {"pk": kpi_import.pk}


def _someone_elses_import(world: World) -> dict[str, Any]:
    """An administrator's import: contract managers see only the imports they uploaded."""
    return _import(world, "admin")


RULES: dict[str, Rule] = {
    "ratings:kpi_import_upload": Rule(ALL_MANAGERS),
    "ratings:kpi_import_template": Rule(
        ALL_MANAGERS, kwargs=lambda world: {"kind": "csv"}, sweep=False
    ),
    "ratings:kpi_import_list": Rule(ALL_MANAGERS),
    "ratings:kpi_import_detail": Rule(MANAGERS, kwargs=_import, foreign=_someone_elses_import),
    # Already imported: the confirmation is refused with a message and a redirect.
    "ratings:kpi_import_confirm": Rule(
        MANAGERS, kwargs=_import, foreign=_someone_elses_import, method="POST", ok_status=302
    ),
}

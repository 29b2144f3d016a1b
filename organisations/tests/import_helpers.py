"""Small builders shared by the import tests and the access rules."""

from __future__ import annotations

from core.testing.access import World
from organisations.imports.services import import_preview
from organisations.models import ImportRun

PROVIDERS_CSV = b"ukprn,name,region\n10000099,University of Northfield,London\n"


def previewed_run(world: World, data: bytes = PROVIDERS_CSV) -> ImportRun:
    """An education providers file uploaded by the administrator and waiting for confirmation."""
    plan, run = import_preview(
        actor=world.user("admin"),
        source=ImportRun.Source.PROVIDERS,
        file_name="providers.csv",
        data=data,
    )
    assert run is not None, [str(error) for error in plan.errors]
    return run

"""Only a quality administrator, or the system, changes the register: the services say so
themselves, so a command or an API gets the same rule as the pages."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from core.testing.access import World
from organisations.imports.services import import_confirm, import_file, import_preview
from organisations.models import ImportRun, Organisation
from organisations.services import organisation_create, organisation_update, site_create
from organisations.tests.import_helpers import PROVIDERS_CSV, previewed_run

REFUSED = "Only quality administrators change the organisation register"
OTHERS = ["regional_lead", "contract_manager", "ep_lead", "pp_executive", "no_role"]


@pytest.mark.parametrize("persona", OTHERS)
def test_nobody_else_changes_an_organisation(world: World, persona: str) -> None:
    with pytest.raises(PermissionDenied, match=REFUSED):
        organisation_update(
            actor=world.user(persona), organisation=world.london_pp, name="Renamed Trust"
        )
    with pytest.raises(PermissionDenied, match=REFUSED):
        organisation_create(actor=world.user(persona), kind="placement_provider", name="New")
    with pytest.raises(PermissionDenied, match=REFUSED):
        site_create(actor=world.user(persona), organisation=world.london_pp, name="Annex")

    assert Organisation.objects.get(pk=world.london_pp.pk).name == "Thameside Hospitals NHS Trust"
    assert not Organisation.objects.filter(name="New").exists()
    assert not world.london_pp.sites.filter(name="Annex").exists()


@pytest.mark.parametrize("persona", OTHERS)
def test_nobody_else_imports_a_file(world: World, persona: str) -> None:
    someone = world.user(persona)
    run = previewed_run(world)
    source = ImportRun.Source.PROVIDERS

    with pytest.raises(PermissionDenied, match=REFUSED):
        import_preview(actor=someone, source=source, file_name="p.csv", data=PROVIDERS_CSV)
    with pytest.raises(PermissionDenied, match=REFUSED):
        import_confirm(actor=someone, run=run, fingerprint="anything")
    with pytest.raises(PermissionDenied, match=REFUSED):
        import_file(actor=someone, source=source, file_name="p.csv", data=PROVIDERS_CSV)

    assert ImportRun.objects.get().status == ImportRun.Status.PREVIEWED
    assert not Organisation.objects.filter(ukprn="10000099").exists()


def test_the_system_and_an_administrator_may(world: World) -> None:
    organisation_update(actor=None, organisation=world.london_pp, postcode="SE1 9RT")
    organisation_update(actor=world.user("admin"), organisation=world.london_pp, postcode="SE1 7EH")

    assert Organisation.objects.get(pk=world.london_pp.pk).postcode == "SE1 7EH"

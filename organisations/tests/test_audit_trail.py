"""Every change records who made it, also when a service runs inside a request."""

from auditlog.models import LogEntry

from core.audit import acting_as
from organisations.models import Organisation
from organisations.services import organisation_update


def test_a_service_records_the_actor_and_the_before_and_after_values(world):
    admin = world.user("admin")
    organisation_update(actor=admin, organisation=world.london_pp, postcode="SE1 7EH")
    entry = LogEntry.objects.get_for_object(world.london_pp).latest("timestamp")
    assert entry.actor == admin
    assert entry.changes["postcode"] == ["SE1 1AA", "SE1 7EH"]


def test_nested_actors_restore_the_outer_one(world):
    admin, lead = world.user("admin"), world.user("regional_lead")
    organisation = Organisation.objects.get(pk=world.london_pp.pk)
    with acting_as(admin):
        with acting_as(lead, reason="inner"):
            organisation_update(actor=lead, organisation=organisation, name="Inner Trust")
        organisation_update(actor=admin, organisation=organisation, name="Outer Trust")
    entries = LogEntry.objects.get_for_object(organisation).order_by("timestamp", "pk")
    inner, outer = list(entries)[-2:]
    assert (inner.actor, outer.actor) == (lead, admin)


def test_changes_by_commands_are_recorded_without_an_actor(world):
    organisation_update(actor=None, organisation=world.london_pp, postcode="SE1 9RT")
    entry = LogEntry.objects.get_for_object(world.london_pp).latest("timestamp")
    assert entry.actor is None
    assert entry.changes["postcode"][1] == "SE1 9RT"

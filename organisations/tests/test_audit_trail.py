"""Every change records who made it, also when a service runs inside a request."""

from auditlog.models import LogEntry

from organisations.services import organisation_update


def test_a_service_records_the_actor_and_the_before_and_after_values(world):
    admin = world.user("admin")
    organisation_update(actor=admin, organisation=world.london_pp, postcode="SE1 7EH")
    entry = LogEntry.objects.get_for_object(world.london_pp).latest("timestamp")
    assert entry.actor == admin
    assert entry.changes["postcode"] == ["SE1 1AA", "SE1 7EH"]


def test_changes_by_commands_are_recorded_without_an_actor(world):
    organisation_update(actor=None, organisation=world.london_pp, postcode="SE1 9RT")
    entry = LogEntry.objects.get_for_object(world.london_pp).latest("timestamp")
    assert entry.actor is None
    assert entry.changes["postcode"][1] == "SE1 9RT"

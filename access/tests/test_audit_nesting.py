"""Nested actors: a service run inside another actor's block records its own actor, and the
outer one is restored afterwards."""

from auditlog.models import LogEntry

from access.models import Membership
from access.roles import Role
from accounts.models import User
from core.audit import acting_as
from organisations.models import Organisation
from organisations.services import organisation_update


def test_nested_actors_restore_the_outer_one(world):
    # Only quality administrators change the register, so the inner actor is a second one.
    admin = world.user("admin")
    deputy = User.objects.create_user(email="deputy.admin@world.test", full_name="Deputy Admin")
    Membership.objects.create(user=deputy, organisation=world.national, role=Role.QUALITY_ADMIN)
    organisation = Organisation.objects.get(pk=world.london_pp.pk)
    with acting_as(admin):
        with acting_as(deputy, reason="inner"):
            organisation_update(actor=deputy, organisation=organisation, name="Inner Trust")
        organisation_update(actor=admin, organisation=organisation, name="Outer Trust")
    entries = LogEntry.objects.get_for_object(organisation).order_by("timestamp", "pk")
    inner, outer = list(entries)[-2:]
    assert (inner.actor, outer.actor) == (deputy, admin)

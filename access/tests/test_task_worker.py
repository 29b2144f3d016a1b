"""E-mails go through the database task queue and are sent by the worker process."""

import pytest
from django.core import mail
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from access.roles import Role
from access.services import user_invite


@pytest.fixture
def database_queue(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.mark.django_db(transaction=True)
def test_an_invitation_waits_in_the_queue_until_the_worker_sends_it(world, database_queue):
    user_invite(
        actor=world.user("admin"),
        email="new.lead@example.nhs.uk",
        full_name="New Lead",
        organisation=world.london_ep,
        role=Role.EP_LEAD,
    )
    assert mail.outbox == []
    assert DBTaskResult.objects.filter(status="READY").count() == 1

    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)

    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
    assert [message.to for message in mail.outbox] == [["new.lead@example.nhs.uk"]]
    assert "/accounts/password/set/" in mail.outbox[0].body

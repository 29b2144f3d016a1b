"""Background work of the self-assessment: the daily reminder run (the worker runs it)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.tasks import task
from django.tasks.base import TaskResultStatus
from django.utils import timezone

from core import clock

# The reminder run happens at this local hour each day.
RUN_HOUR = 7
TASK_PATH = "assessments.tasks.send_reminders_task"


def next_run(now: dt.datetime | None = None) -> dt.datetime:
    """The next daily run time after ``now``: tomorrow at RUN_HOUR, local time (aware)."""
    local = clock.local(now)
    tomorrow = local.date() + dt.timedelta(days=1)
    return timezone.make_aware(dt.datetime.combine(tomorrow, dt.time(RUN_HOUR)))


def reminders_pending() -> bool:
    """Is a reminder run already waiting in the queue? Only the database backend can say;
    other backends (the immediate one of the tests) never keep one waiting."""
    backend = send_reminders_task.get_backend()
    if type(backend).__module__.split(".")[0] != "django_tasks_db":
        return False
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.filter(task_path=TASK_PATH, status=TaskResultStatus.READY).exists()


def schedule_reminders(run_after: dt.datetime | None = None) -> bool:
    """Queue the reminder run unless one is waiting; True if it queued one. Without
    ``run_after`` it runs as soon as the worker is free."""
    if reminders_pending():
        return False
    backend = send_reminders_task.get_backend()
    if run_after is not None and backend.supports_defer:
        send_reminders_task.using(run_after=run_after).enqueue()
    elif run_after is None:
        send_reminders_task.enqueue()
    else:
        return False  # a backend that cannot wait would run it now, in a loop
    return True


@task()
def send_reminders_task(today: str | None = None) -> dict[str, Any]:
    """Send today's due and overdue reminders, then queue tomorrow's run."""
    from assessments.services_campaigns import send_due_reminders

    try:
        sent = send_due_reminders(dt.date.fromisoformat(today) if today else None)
    finally:
        schedule_reminders(run_after=next_run())
    return {"sent": sent}


@task()
def send_campaign_opened_task(submission_ids: list[int]) -> dict[str, Any]:
    """E-mail the contributors of these submissions that their campaign is open."""
    from assessments.services_campaigns import send_campaign_opened

    return {"sent": send_campaign_opened(submission_ids)}

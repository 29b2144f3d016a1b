"""Background work of the campaigns, beside the tasks that run it: the daily reminder run and
the "campaign opened" e-mails. Task paths are stored with queued work, so moving this module
strands work queued under the old path: deploy with an empty queue, then run
``schedule_reminders``."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.tasks import task
from django.tasks.base import TaskResultStatus
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from access.roles import Role
from access.selectors import member_emails
from assessments.models import (
    Campaign,
    CampaignStatus,
    Reminder,
    ReminderKind,
    Submission,
    SubmissionStatus,
)
from core import clock
from core.formatting import date as date_text
from core.mail import queue_emails, send_emails

# Reminders before the due date: how many days before, and the kind recorded.
DUE_STAGES: tuple[tuple[int, ReminderKind], ...] = (
    (30, ReminderKind.DAYS_30),
    (7, ReminderKind.DAYS_7),
    (1, ReminderKind.DAYS_1),
)
OPENED_KEY = "opened"
# The reminder run happens at this local hour each day.
RUN_HOUR = 7
TASK_PATH = "assessments.campaigns.tasks.send_reminders_task"


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
    try:
        sent = send_due_reminders(dt.date.fromisoformat(today) if today else None)
    finally:
        schedule_reminders(run_after=next_run())
    return {"sent": sent}


@task()
def send_campaign_opened_task(submission_ids: list[int]) -> dict[str, Any]:
    """E-mail the contributors of these submissions that their campaign is open."""
    return {"sent": send_campaign_opened(submission_ids)}


def send_campaign_opened(submission_ids: list[int]) -> int:
    """E-mail each submission's contributors that its campaign is open, over one mail
    connection, and record a "campaign opened" reminder per submission (with no recipients
    where the provider has no contributor yet). Submissions already told are skipped, so a
    retried task does not e-mail them twice. Returns how many e-mails were sent."""
    told = Reminder.objects.filter(submission_id__in=submission_ids, key=OPENED_KEY).values(
        "submission_id"
    )
    submissions = list(
        Submission.objects.filter(pk__in=submission_ids)
        .exclude(pk__in=told)
        .select_related("campaign", "organisation")
        .order_by("pk")
    )
    emails = member_emails(Role.PP_CONTRIBUTOR, [s.organisation_id for s in submissions])
    reminders = []
    messages = []
    for submission in submissions:
        to = emails.get(submission.organisation_id, [])
        if to:
            messages.append(_message("campaign_opened", submission, submission.campaign, to))
        reminders.append(
            Reminder(
                submission=submission,
                kind=ReminderKind.OPENED,
                key=OPENED_KEY,
                recipients=len(to),
            )
        )
    # Already in the worker: send the chunk now, over one connection to the mail server.
    sent = send_emails(messages)
    Reminder.objects.bulk_create(reminders, batch_size=500, ignore_conflicts=True)
    return sent


# --- reminders ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Due:
    """A reminder a submission should get today."""

    kind: ReminderKind
    key: str


def reminder_due(due_on: dt.date, today: dt.date) -> Due | None:
    """The reminder whose day has come for a submission due on ``due_on``.

    Before the due date it is the nearest stage (30, 7 or 1 days before) already reached:
    a worker that missed a day catches up with that one stage, never an earlier one (a
    "30 days" e-mail a week before the date would mislead). After the due date it is the
    overdue reminder of the current week, counted from the day after the due date. The key
    carries the due date, so an extension starts the reminders again."""
    days_left = (due_on - today).days
    if days_left < 0:
        week = (-days_left - 1) // 7
        start = due_on + dt.timedelta(days=1 + 7 * week)
        return Due(ReminderKind.OVERDUE, f"overdue-{start.isoformat()}")
    reached = [kind for days, kind in DUE_STAGES if days_left <= days]
    if not reached:
        return None
    kind = reached[-1]
    return Due(kind, f"{kind.value}-{due_on.isoformat()}")


def send_due_reminders(today: dt.date | None = None) -> int:
    """Send today's reminders for every submission not yet submitted in an open campaign
    that has opened. Idempotent: a reminder's key is unique per submission, so a second
    run the same day (or by a second worker) sends nothing. Returns how many were sent."""
    today = today or clock.today()
    with transaction.atomic():
        # Lock the open campaigns: a second worker's run waits here, then finds this
        # run's reminders already recorded and sends nothing.
        list(Campaign.objects.select_for_update().filter(status=CampaignStatus.OPEN))
        candidates = list(
            Submission.objects.filter(
                campaign__status=CampaignStatus.OPEN, campaign__opens_on__lte=today
            )
            .exclude(status=SubmissionStatus.SUBMITTED)
            .select_related("campaign", "organisation", "signatory")
            .order_by("pk")
        )
        wanted = {
            submission.pk: due
            for submission in candidates
            if (due := reminder_due(submission.due_on, today)) is not None
        }
        if not wanted:
            return 0
        sent_keys = set(
            Reminder.objects.filter(submission_id__in=wanted).values_list("submission_id", "key")
        )
        todo = [
            s for s in candidates if s.pk in wanted and (s.pk, wanted[s.pk].key) not in sent_keys
        ]
        emails = member_emails(Role.PP_CONTRIBUTOR, [s.organisation_id for s in todo])
        reminders = []
        messages = []
        for submission in todo:
            due = wanted[submission.pk]
            to = _recipients(submission, emails.get(submission.organisation_id, []))
            reminders.append(
                Reminder(submission=submission, kind=due.kind, key=due.key, recipients=len(to))
            )
            if to:
                messages.append(
                    _message(due.kind.value, submission, submission.campaign, to, today=today)
                )
        # The unique key still guards against a run that did not take the lock.
        Reminder.objects.bulk_create(reminders, batch_size=500)
        queue_emails(messages)
    return len(reminders)


def _recipients(submission: Submission, contributors: list[str]) -> list[str]:
    """The provider's contributors, and its signatory while the submission waits on them."""
    to = list(contributors)
    signatory = submission.signatory
    if (
        submission.status == SubmissionStatus.WITH_SIGNATORY
        and signatory is not None
        and signatory.is_active
        and signatory.email not in to
    ):
        to.append(signatory.email)
    return to


# --- e-mail -------------------------------------------------------------------------------


def submission_link(submission: Submission) -> str:
    """Where the e-mail sends people: the submission's own page, or the start page."""
    try:
        path = reverse("assessments:submission", kwargs={"pk": submission.pk})
    except NoReverseMatch:
        path = reverse("assessments:index")
    return settings.SERVICE_URL.rstrip("/") + path


def _subject(kind: str, provider: str, year: str, days_left: int) -> str:
    start = f"Self-assessment {year} for {provider}"
    if kind == "campaign_opened":
        return f"Self-assessment {year} is open for {provider}"
    if days_left < 0:
        return f"{start} is overdue"
    if days_left == 0:
        return f"{start} is due today"
    if days_left == 1:
        return f"{start} is due tomorrow"
    return f"{start} is due in {days_left} days"


def _message(
    kind: str,
    submission: Submission,
    campaign: Campaign,
    to: list[str],
    *,
    today: dt.date | None = None,
) -> dict[str, Any]:
    """The e-mail about one submission: "campaign_opened" or a reminder kind."""
    today = today or clock.today()
    days_left = (submission.due_on - today).days
    provider = submission.organisation.name
    context = {
        "kind": kind,
        "campaign": campaign,
        "provider": provider,
        "year": campaign.year_label,
        "opens_on": date_text(campaign.opens_on),
        "due_on": date_text(submission.due_on),
        "days_left": days_left,
        "days_overdue": -days_left,
        "status": submission.get_status_display(),
        "link": submission_link(submission),
        "service_name": settings.SERVICE_NAME,
    }
    template = "campaign_opened" if kind == "campaign_opened" else "reminder"
    return {
        "to": to,
        "subject": _subject(kind, provider, campaign.year_label, days_left),
        "body": render_to_string(f"assessments/email/{template}.txt", context),
    }

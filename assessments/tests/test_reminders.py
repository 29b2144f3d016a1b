"""Due-date and overdue reminders: on the right day, once, to the right people, by the worker."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.utils import timezone

from assessments.campaigns.tasks import (
    next_run,
    reminder_due,
    send_due_reminders,
    send_reminders_task,
)
from assessments.models import CampaignStatus, Reminder, ReminderKind, SubmissionStatus
from core import clock

DUE = dt.date(2026, 12, 1)


def _day(days_before: int) -> dt.date:
    return DUE - dt.timedelta(days=days_before)


def _due_on(assessment, due=DUE):
    """Both world submissions due on ``due``, in a campaign that opened long before."""
    campaign = assessment.campaign
    campaign.opens_on = dt.date(2026, 9, 1)
    campaign.due_on = due
    campaign.save()
    campaign.submissions.update(due_on=due)
    # The fixture's submissions still hold the old due date; a later save() must not write
    # it back, so read them again.
    assessment.london.refresh_from_db()
    assessment.midlands.refresh_from_db()
    return assessment


@pytest.mark.parametrize(
    ("today", "kind"),
    [
        (_day(31), None),
        (_day(30), ReminderKind.DAYS_30),
        (_day(29), ReminderKind.DAYS_30),
        (_day(8), ReminderKind.DAYS_30),
        (_day(7), ReminderKind.DAYS_7),
        (_day(2), ReminderKind.DAYS_7),
        (_day(1), ReminderKind.DAYS_1),
        (_day(0), ReminderKind.DAYS_1),
        (_day(-1), ReminderKind.OVERDUE),
        (_day(-20), ReminderKind.OVERDUE),
    ],
)
def test_the_reminder_due_is_the_latest_stage_reached(today, kind):
    due = reminder_due(DUE, today)
    assert (due.kind if due else None) == kind


def _key(due_on: dt.date, today: dt.date) -> str:
    due = reminder_due(due_on, today)
    assert due is not None
    return due.key


def test_overdue_reminders_are_keyed_by_week_counted_from_the_day_after_the_due_date():
    keys = [_key(DUE, DUE + dt.timedelta(days=n)) for n in range(1, 16)]
    assert keys[:7] == ["overdue-2026-12-02"] * 7
    assert keys[7:14] == ["overdue-2026-12-09"] * 7
    assert keys[14] == "overdue-2026-12-16"


def test_the_keys_of_due_reminders_carry_the_due_date_so_an_extension_starts_them_again():
    assert _key(DUE, _day(7)) == "due_7-2026-12-01"
    later = DUE + dt.timedelta(days=14)
    assert _key(later, later - dt.timedelta(days=7)) == "due_7-2026-12-15"


@pytest.mark.parametrize(
    ("days_before", "subject_end"),
    [(30, "is due in 30 days"), (7, "is due in 7 days"), (1, "is due tomorrow")],
)
def test_each_reminder_goes_on_its_day_to_the_contributors(
    assessment, django_capture_on_commit_callbacks, days_before, subject_end
):
    _due_on(assessment)
    with django_capture_on_commit_callbacks(execute=True):
        sent = send_due_reminders(_day(days_before))
    assert sent == 2  # both providers; only London has a contributor to e-mail
    assert [m.to for m in mail.outbox] == [["pp.contributor@world.test"]]
    assert mail.outbox[0].subject.endswith(subject_end)
    assert "1 December 2026" in mail.outbox[0].body
    reminder = Reminder.objects.get(submission=assessment.london)
    assert reminder.recipients == 1


def test_no_reminder_goes_before_its_day(assessment, django_capture_on_commit_callbacks):
    _due_on(assessment)
    with django_capture_on_commit_callbacks(execute=True):
        assert send_due_reminders(_day(31)) == 0
    assert mail.outbox == []
    assert not Reminder.objects.exists()


def test_a_second_run_the_same_day_sends_nothing(assessment, django_capture_on_commit_callbacks):
    _due_on(assessment)
    with django_capture_on_commit_callbacks(execute=True):
        send_due_reminders(_day(7))
        assert send_due_reminders(_day(7)) == 0
        assert send_due_reminders(_day(6)) == 0
    assert len(mail.outbox) == 1


def test_a_missed_day_is_caught_up_with_the_latest_stage_only(
    assessment, django_capture_on_commit_callbacks
):
    _due_on(assessment)
    with django_capture_on_commit_callbacks(execute=True):
        send_due_reminders(_day(5))  # the worker was down on the 30- and 7-day dates
    assert [m.subject for m in mail.outbox] == [
        "Self-assessment 2025/26 for Thameside Hospitals NHS Trust is due in 5 days"
    ]
    assert set(Reminder.objects.values_list("kind", flat=True)) == {ReminderKind.DAYS_7}


def test_overdue_reminders_go_weekly(assessment, django_capture_on_commit_callbacks):
    _due_on(assessment)
    with django_capture_on_commit_callbacks(execute=True):
        sent = [send_due_reminders(DUE + dt.timedelta(days=n)) for n in range(1, 16)]
    assert sent == [2, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 2]
    assert [m.subject.split(" is ")[-1] for m in mail.outbox] == ["overdue"] * 3
    assert "8 days overdue" in mail.outbox[1].body


def test_a_submission_with_its_signatory_also_reminds_the_signatory(
    assessment, django_capture_on_commit_callbacks
):
    _due_on(assessment)
    london = assessment.london
    london.status = SubmissionStatus.WITH_SIGNATORY
    london.signatory = assessment.world.user("pp_executive")
    london.save()
    with django_capture_on_commit_callbacks(execute=True):
        send_due_reminders(_day(1))
    assert mail.outbox[0].to == ["pp.contributor@world.test", "pp.executive@world.test"]
    assert "waiting for your executive signatory" in mail.outbox[0].body


def test_submitted_closed_and_unopened_campaigns_get_no_reminders(
    assessment, django_capture_on_commit_callbacks
):
    _due_on(assessment)
    assessment.london.status = SubmissionStatus.SUBMITTED
    assessment.london.save()
    with django_capture_on_commit_callbacks(execute=True):
        assert send_due_reminders(_day(7)) == 1  # only the Midlands provider
        campaign = assessment.campaign
        campaign.status = CampaignStatus.CLOSED
        campaign.save()
        assert send_due_reminders(_day(1)) == 0
        campaign.status = CampaignStatus.OPEN
        campaign.opens_on = _day(0)
        campaign.save()
        assert send_due_reminders(_day(1)) == 0
    assert mail.outbox == []


def test_an_extended_submission_follows_its_own_date(
    assessment, django_capture_on_commit_callbacks
):
    _due_on(assessment)
    assessment.london.due_on = DUE + dt.timedelta(days=30)
    assessment.london.save()
    with django_capture_on_commit_callbacks(execute=True):
        send_due_reminders(DUE + dt.timedelta(days=1))
    assert Reminder.objects.get(submission=assessment.london).kind == ReminderKind.DAYS_30
    assert Reminder.objects.get(submission=assessment.midlands).kind == ReminderKind.OVERDUE


# --- the worker and the commands ----------------------------------------------------------


def test_the_worker_task_sends_the_reminders(assessment, django_capture_on_commit_callbacks):
    """Tests run tasks at once: the task, then the e-mail tasks it queues."""
    _due_on(assessment)
    with django_capture_on_commit_callbacks(execute=True):
        result = send_reminders_task.enqueue(today=_day(7).isoformat())
    assert result.return_value == {"sent": 2}
    assert [m.to for m in mail.outbox] == [["pp.contributor@world.test"]]


@pytest.mark.date_sensitive
def test_the_task_queues_itself_for_the_next_morning(assessment, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    from django_tasks_db.models import DBTaskResult

    _due_on(assessment)
    send_reminders_task.call(today=_day(7).isoformat())
    queued = DBTaskResult.objects.get(task_path="assessments.campaigns.tasks.send_reminders_task")
    assert queued.run_after == next_run()
    assert timezone.localtime(queued.run_after).hour == 7
    assert queued.run_after > clock.now()
    send_reminders_task.call(today=_day(6).isoformat())
    assert DBTaskResult.objects.filter(task_path=queued.task_path).count() == 1


def test_schedule_reminders_queues_one_run_however_often_it_is_called(db, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    from django_tasks_db.models import DBTaskResult

    out = StringIO()
    call_command("schedule_reminders", stdout=out)
    call_command("schedule_reminders", stdout=out)
    assert (
        DBTaskResult.objects.filter(
            task_path="assessments.campaigns.tasks.send_reminders_task"
        ).count()
        == 1
    )
    assert "already queued" in out.getvalue()


def test_the_send_reminders_command_acts_on_the_date_given(
    assessment, django_capture_on_commit_callbacks
):
    _due_on(assessment)
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_reminders", "--today", _day(30).isoformat(), stdout=out)
    assert out.getvalue().strip() == "Sent 2 reminders."
    assert len(mail.outbox) == 1


def test_the_send_reminders_command_refuses_a_date_it_cannot_read(db):
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("send_reminders", "--today", "1/12/2026")

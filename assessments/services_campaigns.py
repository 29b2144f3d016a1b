"""Opening campaigns, extending a provider's due date and sending the due-date reminders."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse

from accounts.roles import OrganisationKind, Role
from accounts.selectors import member_emails
from assessments.models import (
    Campaign,
    CampaignStatus,
    FrameworkVersion,
    Question,
    Reminder,
    ReminderKind,
    Submission,
    SubmissionEvent,
    SubmissionStatus,
)
from core import academic_year as years
from core import clock
from core.audit import acting_as
from core.formatting import date as date_text
from core.mail import queue_emails, send_emails
from organisations.models import Organisation, ProviderType, Region, Status

# Reminders before the due date: how many days before, and the kind recorded.
DUE_STAGES: tuple[tuple[int, ReminderKind], ...] = (
    (30, ReminderKind.DAYS_30),
    (7, ReminderKind.DAYS_7),
    (1, ReminderKind.DAYS_1),
)
OPENED_KEY = "opened"
# Submissions per "campaign opened" task: a national campaign queues a dozen tasks.
OPENED_CHUNK = 125
# Reminder e-mails per worker task.


# --- opening a campaign -------------------------------------------------------------------


def providers_in_scope(
    provider_types: Iterable[str], region_ids: Iterable[int]
) -> QuerySet[Organisation]:
    """Open placement providers of the chosen types and regions (none chosen: all)."""
    providers = Organisation.objects.filter(
        kind=OrganisationKind.PLACEMENT_PROVIDER, status=Status.OPEN
    )
    if types := list(provider_types):
        providers = providers.filter(provider_type__in=types)
    if regions := list(region_ids):
        providers = providers.filter(region_id__in=regions)
    return providers


def campaign_open(
    *,
    actor: Any,
    name: str,
    academic_year: int | None,
    framework_version: FrameworkVersion | None,
    provider_types: list[str],
    region_ids: list[int],
    opens_on: dt.date | None,
    due_on: dt.date | None,
    notify: bool = True,
) -> Campaign:
    """Open a campaign and give every open placement provider in scope its submission,
    due on the campaign's due date. With ``notify``, each provider's contributors are
    e-mailed by the background worker and a "campaign opened" reminder is recorded.

    The submissions are written with ``bulk_create``: the audit trail records the campaign
    (with the number of submissions), not one entry per submission."""
    name = (name or "").strip()
    provider_types = list(provider_types or [])
    region_ids = [int(pk) for pk in region_ids or []]
    errors: dict[str, str] = {}
    if not name:
        errors["name"] = "Enter a name for the campaign"
    elif len(name) > Campaign._meta.get_field("name").max_length:  # type: ignore[operator]
        errors["name"] = "The campaign name must be 200 characters or fewer"
    if academic_year is None:
        errors["academic_year"] = "Choose the academic year"
    elif existing := Campaign.objects.filter(academic_year=academic_year).first():
        errors["academic_year"] = (
            f"There is already a campaign for {years.label(academic_year)} "
            f"({existing.name}): each year has one campaign"
        )
    if framework_version is None:
        errors["framework_version"] = "Choose the framework version"
    elif not FrameworkVersion.objects.filter(pk=framework_version.pk).exists():
        errors["framework_version"] = "That framework version does not exist"
    elif not Question.objects.filter(version=framework_version).exists():
        errors["framework_version"] = (
            f"{framework_version.code} has no questions: load its questions first"
        )
    if unknown := sorted(set(provider_types) - set(ProviderType.values)):
        errors["provider_types"] = f"Unknown provider type: {', '.join(unknown)}"
    if region_ids:
        found = set(Region.objects.filter(pk__in=region_ids).values_list("pk", flat=True))
        if missing := sorted(set(region_ids) - found):
            errors["region_ids"] = f"Unknown region: {', '.join(str(pk) for pk in missing)}"
    if opens_on is None:
        errors["opens_on"] = "Enter the date the campaign opens"
    if due_on is None:
        errors["due_on"] = "Enter the date submissions are due"
    elif opens_on is not None and due_on < opens_on:
        errors["due_on"] = (
            f"The due date must be the same as or after the open date, {date_text(opens_on)}"
        )
    scope = providers_in_scope(provider_types, region_ids)
    provider_ids = (
        list(scope.values_list("pk", flat=True)) if "provider_types" not in errors else []
    )
    if not errors and not provider_ids:
        errors["provider_types"] = (
            "No open placement provider has these types in these regions: "
            "choose more provider types or regions"
        )
    if (
        errors
        or academic_year is None
        or framework_version is None
        or opens_on is None
        or due_on is None
    ):
        raise ValidationError(errors)
    with (
        transaction.atomic(),
        acting_as(actor, submissions=len(provider_ids)),
    ):
        campaign = Campaign.objects.create(
            name=name,
            academic_year=academic_year,
            framework_version=framework_version,
            provider_types=sorted(provider_types),
            opens_on=opens_on,
            due_on=due_on,
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        if region_ids:
            campaign.regions.set(region_ids)
        Submission.objects.bulk_create(
            [
                Submission(campaign=campaign, organisation_id=pk, due_on=due_on)
                for pk in provider_ids
            ],
            batch_size=500,
        )
        if notify:
            _notify_opened(campaign)
    return campaign


def _notify_opened(campaign: Campaign) -> None:
    """Queue the "campaign opened" e-mails once the campaign is committed: one worker task
    per chunk of submissions, so opening a national campaign queues a dozen tasks rather
    than 1,500 (each queued task is a row written while the administrator waits)."""
    from assessments.tasks import send_campaign_opened_task

    ids = list(campaign.submissions.order_by("pk").values_list("pk", flat=True))
    chunks = [ids[i : i + OPENED_CHUNK] for i in range(0, len(ids), OPENED_CHUNK)]

    def enqueue() -> None:
        with transaction.atomic():
            for chunk in chunks:
                send_campaign_opened_task.enqueue(submission_ids=chunk)

    transaction.on_commit(enqueue)


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


# --- extensions ---------------------------------------------------------------------------


def submission_extend(
    *, actor: Any, submission: Submission, due_on: dt.date | None, reason: str
) -> Submission:
    """Give one provider a later due date, saying why; reminders restart from the new date."""
    reason = (reason or "").strip()
    errors: dict[str, str] = {}
    if submission.status == SubmissionStatus.SUBMITTED:
        raise ValidationError(
            f"{submission.organisation} has already submitted its self-assessment, "
            "so it needs no extension"
        )
    if due_on is None:
        errors["due_on"] = "Enter the new due date"
    elif due_on <= submission.due_on:
        errors["due_on"] = (
            f"The new due date must be after the current one, {date_text(submission.due_on)}"
        )
    if not reason:
        errors["reason"] = "Enter why the provider is given an extension"
    if errors or due_on is None:
        raise ValidationError(errors)
    with transaction.atomic(), acting_as(actor, extension=reason):
        submission = Submission.objects.select_for_update().get(pk=submission.pk)
        before = submission.due_on
        submission.due_on = due_on
        submission.extension_reason = reason
        submission.save(update_fields=["due_on", "extension_reason", "updated_at"])
        SubmissionEvent.objects.create(
            submission=submission,
            kind=SubmissionEvent.Kind.EXTENDED,
            actor=actor if getattr(actor, "is_authenticated", False) else None,
            comment=f"Due date moved from {date_text(before)} to {date_text(due_on)}: {reason}",
            version=submission.version,
        )
    return submission


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

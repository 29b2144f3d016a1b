"""Self-assessment campaigns: opening one for every open placement provider of the national
seed (about 1,500), with the "campaign opened" e-mails queued for the worker.

Each run opens a campaign for a year nobody uses, then removes it, its submissions and
reminders and the e-mail tasks it queued, so the scenario can repeat. The plain SQL reads
the same provider rows the service reads.
"""

from __future__ import annotations

import datetime as dt
import json
import statistics
import time

from auditlog.context import disable_auditlog
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tasks_db.models import DBTaskResult

from access.models import Membership
from access.roles import Role
from accounts.models import User
from assessments.campaigns.services import campaign_open, providers_in_scope
from assessments.campaigns.tasks import send_due_reminders
from assessments.models import Campaign, FrameworkVersion, Reminder
from bench.timing import Measure, sql_ms
from core import clock

RUNS = 3


def _version(admin: User) -> FrameworkVersion:
    """Part A's default framework if its file is there, else the small test framework."""
    from assessments.framework import loading as framework_loading

    path = getattr(framework_loading, "DEFAULT_FRAMEWORK_FILE", None)
    if path is not None and path.exists():
        framework_loading.framework_load_file(actor=admin, path=path)
        data = json.loads(path.read_text(encoding="utf-8"))
    else:
        from assessments.testing import FRAMEWORK as data

        framework_loading.framework_load(actor=admin, data=data)
    return FrameworkVersion.objects.get(code=data["code"])


def _free_year() -> int:
    used = set(Campaign.objects.values_list("academic_year", flat=True))
    return next(year for year in range(2090, 2100) if year not in used)


def _remove(campaign: Campaign, since: object) -> None:
    with disable_auditlog():
        campaign.delete()  # its submissions and reminders go with it
    DBTaskResult.objects.filter(
        task_path__startswith="assessments.campaigns.tasks.send_", enqueued_at__gte=since
    ).delete()


def _contributors() -> list[int]:
    """Give every provider without a contributor one (the demo contributor), so that every
    submission's e-mail is queued as it would be in real use; returns what to remove."""
    contributor = User.objects.get(email="pp.contributor@demo.test")
    have = Membership.objects.filter(role=Role.PP_CONTRIBUTOR).values("organisation_id")
    added = Membership.objects.bulk_create(
        Membership(user=contributor, organisation_id=pk, role=Role.PP_CONTRIBUTOR)
        for pk in providers_in_scope([], []).exclude(pk__in=have).values_list("pk", flat=True)
    )
    return [membership.pk for membership in added]


def run() -> list[Measure]:
    admin = User.objects.get(email="admin@demo.test")
    version = _version(admin)
    providers = providers_in_scope([], []).count()
    added = _contributors()
    try:
        return _measure(admin, version, providers)
    finally:
        with disable_auditlog():
            Membership.objects.filter(pk__in=added).delete()


def _measure(admin: User, version: FrameworkVersion, providers: int) -> list[Measure]:
    times = []
    queries = None
    for attempt in range(RUNS):
        year = _free_year()
        since = clock.now()
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            campaign = campaign_open(
                actor=admin,
                name=f"Bench campaign {year}",
                academic_year=year,
                framework_version=version,
                provider_types=[],
                region_ids=[],
                opens_on=clock.today(),
                due_on=clock.today() + dt.timedelta(days=60),
                notify=True,
            )
            times.append((time.perf_counter() - start) * 1000)
        if attempt == 0:
            queries = len(captured.captured_queries)
        _remove(campaign, since)
    result = Measure(
        f"Open a campaign for every open placement provider ({providers:,} submissions, "
        "their contributors' e-mails queued for the worker)",
        statistics.median(times),
        max(times),
        RUNS,
        queries=queries,
        target="< 10 s",
        note="e-mails queued as one worker task per 125 providers; the worker's sending "
        "is not timed",
    )
    result.sql_ms = sql_ms(
        "SELECT id FROM organisations_organisation "
        "WHERE kind = 'placement_provider' AND status = 'open'"
    )
    return [result, _reminders(admin, version)]


def _reminders(admin: User, version: FrameworkVersion) -> Measure:
    """The worker's daily run on the date every submission of a national campaign is due
    a 30-day reminder: one reminder recorded and one e-mail task queued per provider."""
    year = _free_year()
    opens_on = clock.today()
    due_on = opens_on + dt.timedelta(days=60)
    campaign = campaign_open(
        actor=admin,
        name=f"Bench campaign {year}",
        academic_year=year,
        framework_version=version,
        provider_types=[],
        region_ids=[],
        opens_on=opens_on,
        due_on=due_on,
        notify=False,
    )
    day = due_on - dt.timedelta(days=30)
    times = []
    sent = queries = 0
    try:
        for attempt in range(RUNS):
            since = clock.now()
            with CaptureQueriesContext(connection) as captured:
                start = time.perf_counter()
                sent = send_due_reminders(day)
                times.append((time.perf_counter() - start) * 1000)
            if attempt == 0:
                queries = len(captured.captured_queries)
            Reminder.objects.filter(sent_at__gte=since).delete()
            DBTaskResult.objects.filter(
                task_path="core.mail.send_emails_task", enqueued_at__gte=since
            ).delete()
    finally:
        _remove(campaign, clock.now())
    result = Measure(
        f"Daily reminder run: {sent:,} 30-day reminders recorded, e-mails queued 100 to a task "
        "(worker)",
        statistics.median(times),
        max(times),
        RUNS,
        queries=queries,
        target="< 10 s",
        note="runs in the background worker, not while anyone waits",
    )
    result.sql_ms = sql_ms(
        "SELECT s.id, s.due_on, s.status FROM assessments_submission s "
        "JOIN assessments_campaign c ON c.id = s.campaign_id "
        "WHERE c.status = 'open' AND c.opens_on <= %s AND s.status <> 'submitted'",
        [day],
    )
    return result

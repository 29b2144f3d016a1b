"""Opening a campaign and giving a provider an extension."""

from __future__ import annotations

import datetime as dt

import pytest
from auditlog.models import LogEntry
from django.core import mail
from django.core.exceptions import ValidationError

from access.models import Membership
from access.roles import Role
from accounts.models import User
from assessments.campaigns.services import campaign_open, submission_extend
from assessments.campaigns.tasks import send_campaign_opened
from assessments.models import (
    Campaign,
    FrameworkVersion,
    Reminder,
    ReminderKind,
    SubmissionEvent,
    SubmissionStatus,
)
from organisations.kinds import OrganisationKind
from organisations.models import Organisation, ProviderType, Region

OPENS = dt.date(2026, 9, 1)
DUE = dt.date(2026, 12, 1)


def _open(assessment, **overrides):
    arguments = {
        "actor": assessment.world.user("admin"),
        "name": "Self-assessment 2026/27",
        "academic_year": 2026,
        "framework_version": assessment.version,
        "provider_types": [],
        "region_ids": [],
        "opens_on": OPENS,
        "due_on": DUE,
        "notify": True,
    } | overrides
    return campaign_open(**arguments)


def _provider(name, code, region_code="LON", provider_type=ProviderType.ACUTE, **extra):
    return Organisation.objects.create(
        kind=OrganisationKind.PLACEMENT_PROVIDER,
        name=name,
        ods_code=code,
        provider_type=provider_type,
        region=Region.objects.get(code=region_code),
        **extra,
    )


def test_every_open_placement_provider_gets_a_submission_due_on_the_campaign_date(
    assessment, django_capture_on_commit_callbacks
):
    closed = _provider("Closed Trust", "RZZ90", status="closed")
    with django_capture_on_commit_callbacks(execute=True):
        campaign = _open(assessment)
    submissions = {s.organisation: s for s in campaign.submissions.all()}
    assert set(submissions) == {assessment.world.london_pp, assessment.world.midlands_pp}
    assert closed not in submissions
    assert all(s.due_on == DUE for s in submissions.values())
    assert all(s.status == SubmissionStatus.NOT_STARTED for s in submissions.values())
    assert campaign.created_by == assessment.world.user("admin")


def test_scope_narrows_by_provider_type_and_region(assessment):
    _provider("Northfield Community Trust", "RZZ91", "LON", ProviderType.COMMUNITY)
    _provider("Thames Mental Health", "RZZ92", "LON", ProviderType.MENTAL_HEALTH)
    london = Region.objects.get(code="LON")
    campaign = _open(
        assessment,
        provider_types=[ProviderType.MENTAL_HEALTH, ProviderType.ACUTE],
        region_ids=[london.pk],
        notify=False,
    )
    names = sorted(campaign.submissions.values_list("organisation__name", flat=True))
    assert names == ["Thames Mental Health", "Thameside Hospitals NHS Trust"]
    assert list(campaign.regions.all()) == [london]
    assert campaign.provider_types == ["acute", "mental_health"]


def test_opening_e_mails_each_providers_active_contributors_and_records_it(
    assessment, django_capture_on_commit_callbacks
):
    world = assessment.world
    away = User.objects.create_user(email="away@world.test", full_name="Away", is_active=False)
    Membership.objects.create(user=away, organisation=world.london_pp, role=Role.PP_CONTRIBUTOR)
    with django_capture_on_commit_callbacks(execute=True):
        campaign = _open(assessment)
    assert len(mail.outbox) == 1  # the Midlands provider has no contributor
    message = mail.outbox[0]
    assert message.to == ["pp.contributor@world.test"]
    assert message.subject == "Self-assessment 2026/27 is open for Thameside Hospitals NHS Trust"
    assert "due by 1 December 2026" in message.body
    reminders = {
        r.submission.organisation: r for r in Reminder.objects.filter(submission__campaign=campaign)
    }
    assert reminders[world.london_pp].kind == ReminderKind.OPENED
    assert reminders[world.london_pp].recipients == 1
    assert reminders[world.midlands_pp].recipients == 0


def test_without_notify_no_e_mail_goes_and_nothing_is_recorded_as_sent(
    assessment, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        campaign = _open(assessment, notify=False)
    assert mail.outbox == []
    assert not Reminder.objects.filter(submission__campaign=campaign).exists()


def test_opening_records_one_audit_entry_naming_the_actor_and_the_submission_count(assessment):
    campaign = _open(assessment, notify=False)
    entries = LogEntry.objects.get_for_object(campaign)
    assert entries.count() == 1
    entry = entries.get()
    assert entry.actor == assessment.world.user("admin")
    assert entry.additional_data["submissions"] == 2


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"name": "  "}, "name", "Enter a name for the campaign"),
        ({"academic_year": 2025}, "academic_year", "There is already a campaign for 2025/26"),
        ({"academic_year": None}, "academic_year", "Choose the academic year"),
        ({"framework_version": None}, "framework_version", "Choose the framework version"),
        ({"due_on": dt.date(2026, 8, 31)}, "due_on", "same as or after the open date"),
        ({"opens_on": None}, "opens_on", "Enter the date the campaign opens"),
        ({"provider_types": ["zoo"]}, "provider_types", "Unknown provider type: zoo"),
        ({"region_ids": [999999]}, "region_ids", "Unknown region: 999999"),
        ({"provider_types": ["ambulance"]}, "provider_types", "No open placement provider"),
    ],
)
def test_bad_input_is_refused_naming_the_field_and_nothing_is_saved(
    assessment, overrides, field, message
):
    before = Campaign.objects.count()
    with pytest.raises(ValidationError) as refused:
        _open(assessment, **overrides)
    assert message in " ".join(refused.value.message_dict[field])
    assert Campaign.objects.count() == before


def test_a_framework_version_without_questions_is_refused(assessment):
    empty = FrameworkVersion.objects.create(code="EMPTY", name="Empty")
    with pytest.raises(ValidationError) as refused:
        _open(assessment, framework_version=empty)
    assert "EMPTY has no questions" in refused.value.message_dict["framework_version"][0]


# --- extensions ---------------------------------------------------------------------------


def test_an_extension_moves_the_due_date_and_records_who_why_and_when(assessment):
    admin = assessment.world.user("admin")
    submission = assessment.london
    old = submission.due_on
    new = old + dt.timedelta(days=14)
    extended = submission_extend(
        actor=admin, submission=submission, due_on=new, reason="Board meeting moved"
    )
    assert extended.due_on == new
    assert extended.extension_reason == "Board meeting moved"
    event = SubmissionEvent.objects.get(submission=submission)
    assert event.kind == SubmissionEvent.Kind.EXTENDED
    assert event.actor == admin
    assert "Board meeting moved" in event.comment
    entry = LogEntry.objects.get_for_object(submission).latest("timestamp")
    assert entry.actor == admin
    assert "due_on" in entry.changes


@pytest.mark.parametrize(
    ("days", "reason", "field", "message"),
    [
        (0, "Why", "due_on", "must be after the current one"),
        (-3, "Why", "due_on", "must be after the current one"),
        (5, "  ", "reason", "Enter why the provider is given an extension"),
    ],
)
def test_an_extension_needs_a_later_date_and_a_reason(assessment, days, reason, field, message):
    submission = assessment.london
    old = submission.due_on
    with pytest.raises(ValidationError) as refused:
        submission_extend(
            actor=assessment.world.user("admin"),
            submission=submission,
            due_on=old + dt.timedelta(days=days),
            reason=reason,
        )
    assert message in refused.value.message_dict[field][0]
    submission.refresh_from_db()
    assert submission.due_on == old
    assert not SubmissionEvent.objects.filter(submission=submission).exists()


def test_a_submitted_self_assessment_cannot_be_extended(assessment):
    submission = assessment.london
    submission.status = SubmissionStatus.SUBMITTED
    submission.save()
    with pytest.raises(ValidationError, match="already submitted"):
        submission_extend(
            actor=assessment.world.user("admin"),
            submission=submission,
            due_on=submission.due_on + dt.timedelta(days=7),
            reason="Late",
        )


def test_a_retried_opened_task_does_not_e_mail_anyone_twice(
    assessment, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        campaign = _open(assessment)
    ids = list(campaign.submissions.values_list("pk", flat=True))
    assert send_campaign_opened(ids) == 0
    assert len(mail.outbox) == 1
    assert Reminder.objects.filter(submission__campaign=campaign).count() == 2

"""Opening campaigns, extending a provider's due date and sending the due-date reminders."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING, cast

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet

from assessments.campaigns.tasks import send_campaign_opened_task
from assessments.models import (
    Campaign,
    FrameworkVersion,
    Question,
    Submission,
    SubmissionEvent,
    SubmissionStatus,
)
from assessments.permissions import check_may_manage_campaigns
from core import academic_year as years
from core.audit import acting_as
from core.formatting import date as date_text
from organisations.kinds import OrganisationKind
from organisations.models import Organisation, ProviderType, Region, Status

if TYPE_CHECKING:
    from accounts.models import User

# The longest campaign name the model stores (a CharField always has a max_length).
NAME_MAX_CHARS = cast(int, Campaign._meta.get_field("name").max_length)

# Submissions per "campaign opened" task: a national campaign queues a dozen tasks.
OPENED_CHUNK = 125


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


def _campaign_problems(
    name: str,
    academic_year: int | None,
    framework_version: FrameworkVersion | None,
) -> dict[str, str]:
    """What is wrong with the campaign's name, year and framework version, by field."""
    errors: dict[str, str] = {}
    if not name:
        errors["name"] = "Enter a name for the campaign"
    elif len(name) > NAME_MAX_CHARS:
        errors["name"] = f"The campaign name must be {NAME_MAX_CHARS} characters or fewer"
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
    return errors


def _date_problems(opens_on: dt.date | None, due_on: dt.date | None) -> dict[str, str]:
    errors: dict[str, str] = {}
    if opens_on is None:
        errors["opens_on"] = "Enter the date the campaign opens"
    if due_on is None:
        errors["due_on"] = "Enter the date submissions are due"
    elif opens_on is not None and due_on < opens_on:
        errors["due_on"] = (
            f"The due date must be the same as or after the open date, {date_text(opens_on)}"
        )
    return errors


def _scope_problems(provider_types: list[str], region_ids: list[int]) -> dict[str, str]:
    """Provider types and regions that do not exist, by field."""
    errors: dict[str, str] = {}
    if unknown := sorted(set(provider_types) - set(ProviderType.values)):
        errors["provider_types"] = f"Unknown provider type: {', '.join(unknown)}"
    if region_ids:
        found = set(Region.objects.filter(pk__in=region_ids).values_list("pk", flat=True))
        if missing := sorted(set(region_ids) - found):
            errors["region_ids"] = f"Unknown region: {', '.join(str(pk) for pk in missing)}"
    return errors


def _problems(
    name: str,
    academic_year: int | None,
    framework_version: FrameworkVersion | None,
    provider_types: list[str],
    region_ids: list[int],
) -> dict[str, str]:
    return {
        **_campaign_problems(name, academic_year, framework_version),
        **_scope_problems(provider_types, region_ids),
    }


def _provider_ids(
    provider_types: list[str], region_ids: list[int], errors: dict[str, str]
) -> list[int]:
    """The providers in scope (none when the types were refused); when the choice is
    otherwise fine but finds none, says so in ``errors``."""
    scope = providers_in_scope(provider_types, region_ids)
    provider_ids = (
        list(scope.values_list("pk", flat=True)) if "provider_types" not in errors else []
    )
    if not errors and not provider_ids:
        errors["provider_types"] = (
            "No open placement provider has these types in these regions: "
            "choose more provider types or regions"
        )
    return provider_ids


def campaign_open(
    *,
    actor: User | None,
    name: str,
    academic_year: int | None,
    framework_version: FrameworkVersion | None,
    provider_types: list[str],
    region_ids: list[int],
    opens_on: dt.date | None,
    due_on: dt.date | None,
    notify: bool = True,
) -> Campaign:
    """A quality administrator (or the system, None) opens a campaign: every open placement
    provider in scope gets its submission, due on the campaign's due date. With ``notify``,
    each provider's contributors are e-mailed by the background worker and a "campaign
    opened" reminder is recorded. The submissions are written with ``bulk_create``: the audit
    trail records the campaign (with the number of submissions), not one per submission."""
    check_may_manage_campaigns(actor)
    name = (name or "").strip()
    provider_types = list(provider_types or [])
    region_ids = [int(pk) for pk in region_ids or []]
    errors = _problems(name, academic_year, framework_version, provider_types, region_ids)
    errors.update(_date_problems(opens_on, due_on))
    provider_ids = _provider_ids(provider_types, region_ids, errors)
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
            created_by=actor,
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
    ids = list(campaign.submissions.order_by("pk").values_list("pk", flat=True))
    chunks = [ids[i : i + OPENED_CHUNK] for i in range(0, len(ids), OPENED_CHUNK)]

    def enqueue() -> None:
        with transaction.atomic():
            for chunk in chunks:
                send_campaign_opened_task.enqueue(submission_ids=chunk)

    transaction.on_commit(enqueue)


# --- extensions ---------------------------------------------------------------------------


def submission_extend(
    *, actor: User | None, submission: Submission, due_on: dt.date | None, reason: str
) -> Submission:
    """Give one provider a later due date, saying why; reminders restart from the new date.
    Only a quality administrator (or the system, None) may."""
    check_may_manage_campaigns(actor)
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
            actor=actor,
            comment=f"Due date moved from {date_text(before)} to {date_text(due_on)}: {reason}",
            version=submission.version,
        )
    return submission

"""Domain assignments: which of the provider's contributors is asked to answer each domain."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction

from access.models import Membership
from access.roles import Role
from accounts.models import User
from assessments.models import Domain, DomainAssignment, Submission
from assessments.permissions import can_manage_campaigns, contributes_to
from core.audit import acting_as

if TYPE_CHECKING:
    from accounts.models import Viewer


def provider_contributors(submission: Submission) -> list[User]:
    """The people who may be assigned a domain: contributors of the provider."""
    return list(
        User.objects.filter(
            is_active=True,
            memberships__organisation_id=submission.organisation_id,
            memberships__role=Role.PP_CONTRIBUTOR,
        )
        .distinct()
        .order_by("full_name", "email")
    )


def can_assign(user: Viewer, submission: Submission) -> bool:
    return can_manage_campaigns(user) or contributes_to(user, submission)


def assignments_set(
    *, actor: User | None, submission: Submission, assignments: dict[int, list[int]]
) -> None:
    """Replace who is asked to answer each domain: ``{domain id: [user ids]}``."""
    if actor is None or not can_assign(actor, submission):
        raise ValidationError(
            "Only quality administrators and the provider's contributors can assign domains."
        )
    if not submission.is_editable:
        raise ValidationError(
            f"This self-assessment is {submission.get_status_display().lower()}: domains can "
            "no longer be assigned."
        )
    domains = {
        d.pk: d for d in Domain.objects.filter(version_id=submission.campaign.framework_version_id)
    }
    contributors = {
        m.user_id
        for m in Membership.objects.filter(
            organisation_id=submission.organisation_id, role=Role.PP_CONTRIBUTOR
        )
    }
    errors: dict[str, str] = {}
    for domain_id, user_ids in assignments.items():
        if domain_id not in domains:
            raise ValidationError("That domain is not part of this self-assessment.")
        if set(user_ids) - contributors:
            errors[f"domain_{domains[domain_id].number}"] = (
                f"Only contributors of {submission.organisation.name} can be assigned domain "
                f"{domains[domain_id].number}"
            )
    if errors:
        raise ValidationError(errors)
    with transaction.atomic(), acting_as(actor):
        current = DomainAssignment.objects.filter(
            submission=submission, domain_id__in=list(assignments)
        )
        wanted = {(d, u) for d, users in assignments.items() for u in users}
        for assignment in current:
            if (assignment.domain_id, assignment.user_id) not in wanted:
                assignment.delete()
            else:
                wanted.discard((assignment.domain_id, assignment.user_id))
        for domain_id, user_id in sorted(wanted):
            DomainAssignment.objects.create(
                submission=submission, domain_id=domain_id, user_id=user_id
            )

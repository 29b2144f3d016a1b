"""Who may do what in the self-assessment. Selectors narrow what each person sees; these
predicates say whether they may act on what they see."""

from __future__ import annotations

from typing import TYPE_CHECKING

from access.roles import Role
from access.scope import scope_for
from assessments.selectors import lead_region_ids
from core.people import check_actor

if TYPE_CHECKING:
    from accounts.models import User, Viewer
    from assessments.models import Submission

# People who take part in the self-assessment; others get "not found".
SELF_ASSESSMENT_ROLES = (
    Role.QUALITY_ADMIN,
    Role.REGIONAL_LEAD,
    Role.PP_CONTRIBUTOR,
    Role.PP_EXECUTIVE,
)


def can_use_self_assessment(user: Viewer) -> bool:
    return scope_for(user).has_role(*SELF_ASSESSMENT_ROLES)


def can_manage_framework(user: Viewer) -> bool:
    """Quality administrators load, clone and edit framework versions."""
    return scope_for(user).has_role(Role.QUALITY_ADMIN)


def can_manage_campaigns(user: Viewer) -> bool:
    """Quality administrators open campaigns, extend due dates and publish the report."""
    return scope_for(user).has_role(Role.QUALITY_ADMIN)


def check_may_manage_framework(actor: User | None) -> None:
    """Refuse anyone but a quality administrator; None (the system: a command, a loader) may."""
    check_actor(
        actor, can_manage_framework, "Only quality administrators change the quality framework"
    )


def check_may_manage_campaigns(actor: User | None) -> None:
    """Refuse anyone but a quality administrator; None (the system: a command) may."""
    check_actor(
        actor,
        can_manage_campaigns,
        "Only quality administrators open campaigns and give providers extensions",
    )


def can_follow_campaigns(user: Viewer) -> bool:
    """The campaign dashboard is for the quality team: administrators and regional leads."""
    return scope_for(user).has_role(Role.QUALITY_ADMIN, Role.REGIONAL_LEAD)


def contributes_to(user: Viewer, submission: Submission) -> bool:
    """A contributor of the submission's provider."""
    return Role.PP_CONTRIBUTOR in scope_for(user).roles_in(submission.organisation_id)


def signs_for(user: Viewer, submission: Submission) -> bool:
    """An executive signatory of the submission's provider."""
    return Role.PP_EXECUTIVE in scope_for(user).roles_in(submission.organisation_id)


def reviews(user: Viewer, submission: Submission) -> bool:
    """A quality administrator, or a regional lead of the provider's region."""
    if scope_for(user).is_national:
        return True
    return submission.organisation.region_id in lead_region_ids(user)


def can_review_any(user: Viewer) -> bool:
    """Quality administrators, and regional leads of a region."""
    return scope_for(user).is_national or bool(lead_region_ids(user))

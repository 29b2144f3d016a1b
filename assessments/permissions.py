"""Who may do what in the self-assessment. Selectors narrow what each person sees; these
predicates say whether they may act on what they see."""

from __future__ import annotations

from typing import Any

from access.roles import Role
from access.scope import scope_for

# People who take part in the self-assessment; others get "not found".
SELF_ASSESSMENT_ROLES = (
    Role.QUALITY_ADMIN,
    Role.REGIONAL_LEAD,
    Role.PP_CONTRIBUTOR,
    Role.PP_EXECUTIVE,
)


def can_use_self_assessment(user: Any) -> bool:
    return scope_for(user).has_role(*SELF_ASSESSMENT_ROLES)


def can_manage_framework(user: Any) -> bool:
    """Quality administrators load, clone and edit framework versions."""
    return scope_for(user).has_role(Role.QUALITY_ADMIN)


def can_manage_campaigns(user: Any) -> bool:
    """Quality administrators open campaigns, extend due dates and publish the report."""
    return scope_for(user).has_role(Role.QUALITY_ADMIN)


def can_follow_campaigns(user: Any) -> bool:
    """The campaign dashboard is for the quality team: administrators and regional leads."""
    return scope_for(user).has_role(Role.QUALITY_ADMIN, Role.REGIONAL_LEAD)


def contributes_to(user: Any, submission: Any) -> bool:
    """A contributor of the submission's provider."""
    return Role.PP_CONTRIBUTOR in scope_for(user).roles_in(submission.organisation_id)


def signs_for(user: Any, submission: Any) -> bool:
    """An executive signatory of the submission's provider."""
    return Role.PP_EXECUTIVE in scope_for(user).roles_in(submission.organisation_id)


def reviews(user: Any, submission: Any) -> bool:
    """A quality administrator, or a regional lead of the provider's region."""
    from assessments.selectors import lead_region_ids

    if scope_for(user).is_national:
        return True
    return submission.organisation.region_id in lead_region_ids(user)


def can_review_any(user: Any) -> bool:
    """Quality administrators, and regional leads of a region."""
    from assessments.selectors import lead_region_ids

    return scope_for(user).is_national or bool(lead_region_ids(user))

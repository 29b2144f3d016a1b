"""Access rules of the self-assessment pages: campaigns, the dashboard and extensions.

The builders use the 2025 campaign of the shared test data, creating it when the world
lacks it, and never change it, so other parts' builders can share the database."""

from __future__ import annotations

from typing import Any

from access.testing import World
from assessments.models import Campaign, Submission
from assessments.testing import YEAR, build_assessment
from core.testing.access import Rule

FOLLOWERS = frozenset({"admin", "regional_lead"})
MANAGERS = frozenset({"admin"})


def _campaign(world: World) -> Campaign:
    campaign = Campaign.objects.filter(academic_year=YEAR).first()
    return campaign if campaign is not None else build_assessment(world).campaign


def _submission(world: World, region: str = "london") -> dict[str, Any]:
    campaign = _campaign(world)
    organisation = world.london_pp if region == "london" else world.midlands_pp
    submission, _ = Submission.objects.get_or_create(
        campaign=campaign, organisation=organisation, defaults={"due_on": campaign.due_on}
    )
    return {"pk": submission.pk}


RULES = {
    "assessments:campaign_list": Rule(allowed=FOLLOWERS),
    "assessments:campaign_open": Rule(allowed=MANAGERS),
    "assessments:campaign_dashboard": Rule(
        allowed=FOLLOWERS, kwargs=lambda w: {"pk": _campaign(w).pk}
    ),
    "assessments:submission_extend": Rule(
        allowed=MANAGERS,
        kwargs=_submission,
        foreign=lambda w: _submission(w, "midlands"),
    ),
}

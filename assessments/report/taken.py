"""When a national report's figures were taken, and whether the campaign was still collecting
then: a report published before the due date counts only the providers who had submitted,
and its readers (and the administrator about to publish it) must be told so."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from assessments.models import Campaign, CampaignStatus
from assessments.report.counts import submission_counts
from core import clock


@dataclass(frozen=True)
class Taken:
    """The day the figures were taken, the campaign's due date, whether providers still had
    time to submit, and the response then (None when it is suppressed)."""

    on: dt.date
    due_on: dt.date
    mid_campaign: bool
    submitted: int | None
    in_scope: int | None
    response_rate: float | None

    @property
    def complete(self) -> bool:
        return self.in_scope is not None and self.submitted == self.in_scope


def _still_collecting(is_open: bool, on: dt.date, due_on: dt.date) -> bool:
    return is_open and on <= due_on


def when_taken(figures: dict[str, Any]) -> Taken:
    """Read from a report's figures (published or draft). Figures published before the
    campaign's state was recorded in them count as taken while it was open."""
    campaign = figures["campaign"]
    on = clock.local(dt.datetime.fromisoformat(figures["computed_at"])).date()
    due_on = dt.date.fromisoformat(campaign["due_on"])
    response = figures.get("response") or {"suppressed": True}
    shown = not response.get("suppressed")
    return Taken(
        on=on,
        due_on=due_on,
        mid_campaign=_still_collecting(campaign.get("open", True), on, due_on),
        submitted=response["submitted"] if shown else None,
        in_scope=response["in_scope"] if shown else None,
        response_rate=response["response_rate"] if shown else None,
    )


def if_taken_now(campaign: Campaign) -> Taken:
    """What publishing today would record: the response as it stands (never suppressed: the
    administrator publishing sees every number)."""
    rows = submission_counts(campaign, "campaign_id").values()
    in_scope = sum(row["in_scope"] for row in rows)
    submitted = sum(row["submitted"] for row in rows)
    today = clock.today()
    is_open = campaign.status == CampaignStatus.OPEN
    return Taken(
        on=today,
        due_on=campaign.due_on,
        mid_campaign=_still_collecting(is_open, today, campaign.due_on),
        submitted=submitted,
        in_scope=in_scope,
        response_rate=round(100 * submitted / in_scope, 1) if in_scope else None,
    )

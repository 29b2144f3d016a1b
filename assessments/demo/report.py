"""Last year's national report, published by the demo administrator."""

from __future__ import annotations

import datetime as dt

from accounts.models import User
from assessments.models import Campaign, NationalReport, ReportStatus
from assessments.report.services import report_publish
from core import clock

REPORT_AFTER = dt.timedelta(weeks=8)


def publish(campaign: Campaign, actor: User, added: int) -> None:
    """Publish last year's national report, again if this run added submissions to it."""
    report = NationalReport.objects.filter(campaign=campaign).first()
    if report is not None and report.status == ReportStatus.PUBLISHED:
        if added:  # published again today, so that it counts the providers just added
            report_publish(actor=actor, campaign=campaign)
        return
    # First published eight weeks after the campaign closed, or a week ago if that is sooner.
    published = min(campaign.due_on + REPORT_AFTER, clock.today() - dt.timedelta(days=7))
    with clock.as_of(published):
        report_publish(actor=actor, campaign=campaign)

"""Access rules of the sign-off pages.

The builders use campaigns of their own, one per state (2041 complete and in progress, 2042
with the signatory, 2043 signed and submitted), so moving submissions along here never locks
another part's pages when all builders share one database. Each builder is idempotent.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from access.testing import World
from assessments.models import (
    Campaign,
    SignOff,
    Submission,
    SubmissionStatus,
)
from assessments.signoff.services import DECLARATION, content_hash, snapshot_of
from assessments.testing import YEAR, answer_all, build_assessment
from core import clock
from core.testing.access import Rule

READERS = frozenset({"admin", "regional_lead", "pp_contributor", "pp_executive"})
REVIEWERS = frozenset({"admin", "regional_lead"})
COMPLETE_YEAR, SIGNING_YEAR, SUBMITTED_YEAR = 2041, 2042, 2043


def signoff_submission(world: World, year: int, region: str = "london") -> Submission:
    """The world provider's submission in the campaign of ``year``, every question answered."""
    if not Campaign.objects.filter(academic_year=YEAR).exists():
        build_assessment(world)
    base = Campaign.objects.get(academic_year=YEAR)
    today = clock.today()
    campaign, _ = Campaign.objects.get_or_create(
        academic_year=year,
        defaults={
            "name": f"Self-assessment {year}/{(year + 1) % 100:02d} (sign-off checks)",
            "framework_version": base.framework_version,
            "opens_on": today - dt.timedelta(days=1),
            "due_on": today + dt.timedelta(days=60),
        },
    )
    organisation = world.london_pp if region == "london" else world.midlands_pp
    submission, created = Submission.objects.get_or_create(
        campaign=campaign, organisation=organisation, defaults={"due_on": campaign.due_on}
    )
    if created:
        answer_all(submission)
    return submission


def complete(world: World, region: str = "london") -> Submission:
    return signoff_submission(world, COMPLETE_YEAR, region)


def with_signatory(world: World, region: str = "london") -> Submission:
    submission = signoff_submission(world, SIGNING_YEAR, region)
    if submission.status != SubmissionStatus.WITH_SIGNATORY:
        Submission.objects.filter(pk=submission.pk).update(
            status=SubmissionStatus.WITH_SIGNATORY, signatory=world.user("pp_executive")
        )
        submission.refresh_from_db()
    return submission


def submitted(world: World, region: str = "london") -> Submission:
    """Signed off as version 1, exactly as the service would (snapshot and hash)."""
    submission = signoff_submission(world, SUBMITTED_YEAR, region)
    if not submission.sign_offs.exists():
        snapshot = snapshot_of(submission)
        SignOff.objects.create(
            submission=submission,
            version=submission.version,
            snapshot=snapshot,
            sha256=content_hash(snapshot),
            declaration=DECLARATION,
            signed_by=world.user("pp_executive"),
        )
        Submission.objects.filter(pk=submission.pk).update(
            status=SubmissionStatus.SUBMITTED, submitted_at=clock.now()
        )
        submission.refresh_from_db()
    return submission


def _pk(builder: Any, region: str = "london") -> Any:
    return lambda w: {"pk": builder(w, region).pk}


RULES = {
    "assessments:send": Rule(
        allowed=frozenset({"pp_contributor"}),
        kwargs=_pk(complete),
        foreign=_pk(complete, "midlands"),
    ),
    "assessments:sign": Rule(
        allowed=frozenset({"pp_executive"}),
        kwargs=_pk(with_signatory),
        foreign=_pk(with_signatory, "midlands"),
    ),
    "assessments:history": Rule(
        allowed=READERS, kwargs=_pk(submitted), foreign=_pk(submitted, "midlands")
    ),
    "assessments:signed_version": Rule(
        allowed=READERS,
        kwargs=lambda w: {"pk": submitted(w).pk, "version": 1},
        foreign=lambda w: {"pk": submitted(w, "midlands").pk, "version": 1},
    ),
    "assessments:verify": Rule(
        allowed=READERS,
        kwargs=_pk(submitted),
        foreign=_pk(submitted, "midlands"),
        query="?sha256=" + "0" * 64,
    ),
    "assessments:reopen": Rule(
        allowed=REVIEWERS, kwargs=_pk(submitted), foreign=_pk(submitted, "midlands")
    ),
}

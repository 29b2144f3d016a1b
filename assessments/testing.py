"""Self-assessment test data on top of the persona world: a small framework version, an open
campaign and a submission for each world placement provider."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import F

from access.testing import World
from accounts.models import User
from assessments.framework.loading import framework_load
from assessments.models import (
    Answer,
    Campaign,
    Domain,
    FrameworkVersion,
    Question,
    SignOff,
    Submission,
    SubmissionStatus,
)
from assessments.signoff.services import DECLARATION, content_hash, snapshot_of
from assessments.signoff.signed import signed_copy_write
from core import clock

YEAR = 2025
CODE = "QFTEST"

# Two domains, three standards, five questions: enough for every rule of the form.
FRAMEWORK: dict[str, Any] = {
    "code": CODE,
    "name": "Test quality framework",
    "description": "A small framework for tests.",
    "domains": [
        {
            "number": 1,
            "title": "Learning environment and culture",
            "standards": [
                {
                    "number": 1,
                    "title": "Learners and patients are safe",
                    "questions": [
                        {"number": 1, "text": "Learners can raise safety concerns safely."},
                        {
                            "number": 2,
                            "text": "Concerns raised by learners are acted on.",
                            "guidance": "Say how you know, with an example.",
                        },
                    ],
                },
                {
                    "number": 2,
                    "title": "Learners are treated fairly",
                    "questions": [
                        {
                            "number": 1,
                            "text": "Learners on nights have the same support as by day.",
                            "allow_not_applicable": True,
                        }
                    ],
                },
            ],
        },
        {
            "number": 2,
            "title": "Educational governance",
            "standards": [
                {
                    "number": 1,
                    "title": "Governance measures and acts on quality",
                    "questions": [
                        {
                            "number": 1,
                            "text": "The board receives education quality reports.",
                            "comment_rule": "required_unless_met",
                        },
                        {
                            "number": 2,
                            "text": "Learner feedback is reviewed every quarter.",
                            "evidence_allowed": False,
                        },
                    ],
                },
            ],
        },
    ],
}


@dataclass
class Assessment:
    """The self-assessment records tests refer to, beside the persona world."""

    world: World
    version: FrameworkVersion
    campaign: Campaign
    london: Submission
    midlands: Submission
    questions: list[Question] = field(default_factory=list)

    @property
    def domains(self) -> list[Domain]:
        return list(self.version.domains.order_by("number"))


def build_assessment(world: World, *, today: dt.date | None = None) -> Assessment:
    """The campaign opened a week before ``today`` (the clock's unless given) and is due
    30 days after it."""
    framework_load(actor=None, data=FRAMEWORK)
    version = FrameworkVersion.objects.get(code=CODE)
    today = today or clock.today()
    campaign = Campaign.objects.create(
        name=f"Self-assessment {YEAR}/{(YEAR + 1) % 100:02d}",
        academic_year=YEAR,
        framework_version=version,
        opens_on=today - dt.timedelta(days=7),
        due_on=today + dt.timedelta(days=30),
    )
    london, midlands = (
        Submission.objects.create(
            campaign=campaign, organisation=organisation, due_on=campaign.due_on
        )
        for organisation in (world.london_pp, world.midlands_pp)
    )
    return Assessment(
        world=world,
        version=version,
        campaign=campaign,
        london=london,
        midlands=midlands,
        questions=list(Question.objects.filter(version=version).order_by("ref")),
    )


def answer_all(submission: Submission, value: str = "met", comment: str = "") -> list[Answer]:
    """Answer every question of the submission directly (for tests of later steps)."""
    answers = [
        Answer.objects.update_or_create(
            submission=submission,
            question=question,
            defaults={"value": value, "comment": comment or f"Comment on {question.ref}"},
        )[0]
        for question in Question.objects.filter(version=submission.campaign.framework_version)
    ]
    Submission.objects.filter(pk=submission.pk).update(
        answered_count=len(answers), status=SubmissionStatus.IN_PROGRESS
    )
    submission.refresh_from_db()
    return answers


def sign_as_submitted(submission: Submission, *, signed_by: User | None = None) -> SignOff:
    """Freeze what the submission holds now as its sign-off, as signing does (the snapshot,
    its hash and the signed rows the national report counts), for builders that make a
    submission submitted directly. A version already signed is signed again as the next
    version, as reopening and signing again would."""
    with transaction.atomic():
        if SignOff.objects.filter(submission=submission, version=submission.version).exists():
            Submission.objects.filter(pk=submission.pk).update(version=F("version") + 1)
        submission.refresh_from_db()
        snapshot = snapshot_of(submission)
        sign_off = SignOff.objects.create(
            submission=submission,
            version=submission.version,
            snapshot=snapshot,
            sha256=content_hash(snapshot),
            declaration=DECLARATION,
            signed_by=signed_by,
        )
        signed_copy_write([sign_off])
    return sign_off

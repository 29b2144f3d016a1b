"""A self-assessment on the full quality framework waiting for its executive, with last
year's signed self-assessment to compare with: the sign-off page as executives meet it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from access.testing import World
from assessments.framework.loading import framework_load_file
from assessments.models import (
    Action,
    Answer,
    Campaign,
    FrameworkVersion,
    Question,
    Submission,
    SubmissionStatus,
)
from assessments.testing import sign_as_submitted

DUE = dt.date(2027, 5, 12)


@dataclass
class Signing:
    submission: Submission
    questions: list[Question]
    not_met: list[Question]
    partially_met: list[Question]
    changed: list[Question]  # answered differently last year


def _campaign(version: FrameworkVersion, year: int) -> Campaign:
    return Campaign.objects.create(
        name=f"Self-assessment {year}/{(year + 1) % 100:02d}",
        academic_year=year,
        framework_version=version,
        opens_on=dt.date(year, 10, 1),
        due_on=dt.date(year + 1, 1, 31),
    )


def build_signing(world: World) -> Signing:
    """London's 2025/26 self-assessment on QF2021, with the signatory: every answer met but
    two not met and three partially met, each with an action due on 12 May 2027. London
    signed 2024/25 with everything met but the first question, then not met."""
    framework_load_file(actor=None)
    version = FrameworkVersion.objects.get(code="QF2021")
    questions = list(
        Question.objects.filter(version=version).order_by(
            "domain__number", "standard__number", "number"
        )
    )
    last = Submission.objects.create(
        campaign=_campaign(version, 2024),
        organisation=world.london_pp,
        due_on=dt.date(2025, 1, 31),
        status=SubmissionStatus.SUBMITTED,
    )
    Answer.objects.bulk_create(
        Answer(submission=last, question=q, value="not_met" if i == 0 else "met")
        for i, q in enumerate(questions)
    )
    sign_as_submitted(last)
    not_met, partially_met = [questions[3], questions[40]], questions[10:13]
    submission = Submission.objects.create(
        campaign=_campaign(version, 2025),
        organisation=world.london_pp,
        due_on=dt.date(2026, 1, 31),
        status=SubmissionStatus.WITH_SIGNATORY,
        signatory=world.user("pp_executive"),
        answered_count=len(questions),
    )
    values = dict.fromkeys(not_met, "not_met") | dict.fromkeys(partially_met, "partially_met")
    answers = Answer.objects.bulk_create(
        Answer(
            submission=submission,
            question=question,
            value=values.get(question, "met"),
            comment="Our comment",
        )
        for question in questions
    )
    Action.objects.bulk_create(
        Action(
            answer=answer,
            description=f"Put right question {answer.question_id}",
            owner="Director of nursing",
            due_on=DUE,
        )
        for answer in answers
        if answer.value != "met"
    )
    return Signing(
        submission, questions, not_met, partially_met, [questions[0], *not_met, *partially_met]
    )

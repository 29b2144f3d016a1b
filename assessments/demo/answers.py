"""The demo answers and their actions: how each question is answered, last year's answers
to copy in, and writing them."""

from __future__ import annotations

import datetime as dt
import functools
import random
from dataclasses import dataclass

from django.db import connection
from django.db.models import Max

from accounts.models import User
from assessments.demo import texts
from assessments.demo.rows import (
    ACTION_COLUMNS,
    ANSWER_COLUMNS,
    CampaignYear,
    PlannedQuestion,
    Rows,
    moment,
    pk_of,
)
from assessments.models import (
    NEEDS_ACTION,
    Action,
    Answer,
    AnswerValue,
    CommentRule,
    Submission,
    SubmissionStatus,
)
from core.bulk import insert_rows

SUBMISSION_FIELDS = [
    "status",
    "due_on",
    "extension_reason",
    "signatory",
    "answered_count",
    "started_at",
    "submitted_at",
]


@functools.cache
def _difficulty(standard_ref: str) -> float:
    """Some standards are harder to meet than others, the same for every provider."""
    return random.Random(f"sa-standard:{standard_ref}").uniform(0.5, 1.8)  # noqa: S311


def _value(rng: random.Random, question: PlannedQuestion, quality: float, year_bonus: float) -> str:
    if question.allow_not_applicable and rng.random() < 0.08:
        return AnswerValue.NOT_APPLICABLE
    hard = _difficulty(question.standard_ref) * year_bonus
    not_met = max(0.004, min(0.1, (0.035 - 0.025 * quality) * hard))
    partly = max(0.02, min(0.3, (0.11 - 0.06 * quality) * hard))
    draw = rng.random()
    if draw < not_met:
        return AnswerValue.NOT_MET
    if draw < not_met + partly:
        return AnswerValue.PARTIALLY_MET
    return AnswerValue.MET


def _comment(rng: random.Random, question: PlannedQuestion, value: str) -> str:
    needed = question.comment_rule == CommentRule.REQUIRED or (
        question.comment_rule == CommentRule.REQUIRED_UNLESS_MET
        and value not in {AnswerValue.MET, AnswerValue.NOT_APPLICABLE}
    )
    chance = 0.2 if value == AnswerValue.MET else 0.85
    if needed or rng.random() < chance:
        return texts.comment(rng, value)
    return ""


@dataclass
class Answering:
    """Plans the answers and actions of one campaign's submissions into ``rows``."""

    year: CampaignYear
    questions: list[PlannedQuestion]
    previous: dict[tuple[int, int], tuple[str, str]]  # (organisation, question) -> last year's
    rows: Rows

    def plan(
        self,
        submission: Submission,
        rng: random.Random,
        quality: float,
        count: int,
        *,
        complete: bool,
        copied: bool,
        by: User | None,
        at: dt.datetime,
    ) -> int:
        """Answer the first ``count`` questions; returns how many were answered."""
        year_bonus = 0.9 if self.year.latest else 1.0
        organisation = submission.organisation_id
        by_pk, saved = pk_of(by), moment(at)
        for question in self.questions[:count]:
            value = _value(rng, question, quality, year_bonus)
            comment = _comment(rng, question, value)
            before_value, before_comment = "", ""
            if copied:
                before_value, before_comment = self.previous.get(
                    (organisation, question.id), ("", "")
                )
            if before_value and rng.random() < 0.9:
                # Copied from last year and left as it was.
                value, comment = before_value, before_comment
            self.rows.answers.append(
                (
                    submission.pk,
                    question.id,
                    value,
                    comment,
                    1,
                    before_value,
                    before_comment,
                    by_pk,
                    saved,
                )
            )
            # A complete submission has an action for every answer that needs one; work in
            # progress sometimes has not got there yet.
            if value in NEEDS_ACTION and (complete or rng.random() < 0.7):
                action = (
                    texts.action(rng, question.standard_ref),
                    rng.choice(texts.OWNERS),
                    self.year.due_on + dt.timedelta(days=rng.randint(30, 270)),
                    by_pk,
                    saved,
                    saved,
                )
                self.rows.actions.append(((submission.pk, question.id), action))
        return min(count, len(self.questions))


def previous_answers(year: CampaignYear) -> dict[tuple[int, int], tuple[str, str]]:
    """Last year's answers by (organisation, question), to copy into this year's."""
    if not year.latest:
        return {}
    rows = Answer.objects.filter(
        submission__campaign__academic_year=year.academic_year - 1
    ).values_list("submission__organisation_id", "question_id", "value", "comment")
    return {(org, question): (value, comment) for org, question, value, comment in rows}


def write_answers(submissions: list[Submission], rows: Rows) -> None:
    """Write the submissions' states, their answers and the answers' actions."""
    started = [
        submission
        for submission in submissions
        if submission.status != SubmissionStatus.NOT_STARTED
    ]
    Submission.objects.bulk_update(started, SUBMISSION_FIELDS, batch_size=500)
    after = Answer.objects.aggregate(last=Max("pk"))["last"] or 0
    insert_rows(Answer, ANSWER_COLUMNS, rows.answers)
    ids = {
        (submission, question): pk
        for submission, question, pk in Answer.objects.filter(pk__gt=after).values_list(
            "submission_id", "question_id", "pk"
        )
    }
    insert_rows(
        Action,
        ACTION_COLUMNS,
        [
            (ids[key], description, owner, connection.ops.adapt_datefield_value(due), *rest)
            for key, (description, owner, due, *rest) in rows.actions
        ],
    )

"""What the sign-off page shows of a snapshot: the executive's summary first (answers
counted, every not met and partially met answer with its actions, what changed since the
provider's last signed self-assessment), then the full record by domain.

Everything shown comes from the snapshot, which is what the hash covers; the database only
supplies the questions' labels as the form shows them and last year's signed answers.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from assessments.form.services import question_label
from assessments.models import AnswerValue, Question, SignedAnswer, SignOff, Submission

NOT_ANSWERED = "Not answered"


def answer_label(value: str) -> str:
    return AnswerValue(value).label if value in AnswerValue.values else NOT_ANSWERED


@dataclass(frozen=True)
class ActionLine:
    description: str
    owner: str
    due_on: dt.date


@dataclass(frozen=True)
class QuestionRow:
    """One question of the snapshot, named as the form names it."""

    ref: str
    label: str  # "1.2 (1)", as the form's "Question 1.2 (1)"
    standard: str  # "1.2: Learners are treated fairly"
    text: str
    value: str
    comment: str
    actions: list[ActionLine]
    evidence: list[dict[str, str]]

    @property
    def answer(self) -> str:
        return answer_label(self.value)


@dataclass(frozen=True)
class DomainRecord:
    number: int
    title: str
    rows: list[QuestionRow]


@dataclass(frozen=True)
class Change:
    row: QuestionRow
    before: str


@dataclass(frozen=True)
class Comparison:
    """This snapshot's answers against the provider's last signed self-assessment."""

    year_label: str
    changes: list[Change]
    new_questions: int


@dataclass(frozen=True)
class SignOffSummary:
    counts: list[tuple[str, int]]  # by answer, in the form's order; "Not answered" if any
    total: int
    not_met: list[QuestionRow]
    partially_met: list[QuestionRow]
    comparison: Comparison | None
    domains: list[DomainRecord] = field(default_factory=list)


def record_of(snapshot: dict[str, Any]) -> list[DomainRecord]:
    """The snapshot's questions by domain, each labelled as on the form (one query)."""
    return _record(snapshot, _questions(snapshot))


def _record(snapshot: dict[str, Any], questions: dict[str, Question]) -> list[DomainRecord]:
    domains: list[DomainRecord] = []
    for row in snapshot.get("questions") or []:
        domain = row["domain"]
        if not domains or domains[-1].number != domain["number"]:
            domains.append(DomainRecord(domain["number"], domain["title"], []))
        domains[-1].rows.append(_row(row, questions.get(row["ref"])))
    return domains


def _questions(snapshot: dict[str, Any]) -> dict[str, Question]:
    refs = {row["ref"] for row in snapshot.get("questions") or []}
    found = Question.objects.filter(ref__in=refs).select_related("standard__domain")
    return {question.ref: question for question in found}


def _row(row: dict[str, Any], question: Question | None) -> QuestionRow:
    standard = row["standard"]
    label = question_label(question) if question else row["ref"]
    standard_label = question.standard.label if question else standard["ref"]
    return QuestionRow(
        ref=row["ref"],
        label=label,
        standard=f"{standard_label}: {standard['title']}",
        text=row["text"],
        value=row.get("value") or "",
        comment=row.get("comment") or "",
        actions=[
            ActionLine(a["description"], a["owner"], dt.date.fromisoformat(a["due_on"]))
            for a in row.get("actions") or []
        ],
        evidence=list(row.get("evidence") or []),
    )


def summary_of(submission: Submission, snapshot: dict[str, Any]) -> SignOffSummary:
    """The executive's summary of what they are asked to sign."""
    questions = _questions(snapshot)
    domains = _record(snapshot, questions)
    rows = [row for domain in domains for row in domain.rows]
    counted = dict.fromkeys(AnswerValue.values, 0)
    unanswered = 0
    for row in rows:
        if row.value in counted:
            counted[row.value] += 1
        else:
            unanswered += 1
    counts = [(AnswerValue(value).label, count) for value, count in counted.items()]
    if unanswered:
        counts.append((NOT_ANSWERED, unanswered))
    return SignOffSummary(
        counts=counts,
        total=len(rows),
        not_met=[row for row in rows if row.value == AnswerValue.NOT_MET],
        partially_met=[row for row in rows if row.value == AnswerValue.PARTIALLY_MET],
        comparison=_comparison(submission, rows, questions),
        domains=domains,
    )


def _comparison(
    submission: Submission, rows: list[QuestionRow], questions: dict[str, Question]
) -> Comparison | None:
    """Compare with the provider's latest sign-off in an earlier campaign: None if it never
    signed one."""
    sign_off = (
        SignOff.objects.filter(
            submission__organisation_id=submission.organisation_id,
            submission__campaign__academic_year__lt=submission.campaign.academic_year,
        )
        .select_related("submission__campaign")
        .order_by("-submission__campaign__academic_year", "-version")
        .first()
    )
    if sign_off is None:
        return None
    earlier = sign_off.submission
    signed = dict(
        SignedAnswer.objects.filter(sign_off=sign_off).values_list("question_id", "value")
    )
    same_framework = (
        earlier.campaign.framework_version_id == submission.campaign.framework_version_id
    )
    earlier_of = {
        ref: question.pk if same_framework else question.previous_id
        for ref, question in questions.items()
    }
    changes, new = [], 0
    for row in rows:
        then = earlier_of.get(row.ref)
        if then is None or then not in signed:
            new += 1
        elif signed[then] != row.value:
            changes.append(Change(row, answer_label(signed[then])))
    return Comparison(earlier.campaign.year_label, changes, new)

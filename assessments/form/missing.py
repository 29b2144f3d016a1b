"""What stops a submission going to the signatory: unanswered questions, missing comments,
and answers that need an action without one."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count

from assessments.form.services import question_label
from assessments.models import NEEDS_ACTION, Answer, AnswerValue, Question, Submission


@dataclass(frozen=True)
class Missing:
    """One thing still to do before the submission can go to the signatory."""

    question: Question
    kind: str  # "answer", "comment" or "action"
    message: str

    @property
    def anchor(self) -> str:
        return f"q{self.question.pk}-{self.kind}"


def submission_missing(submission: Submission) -> list[Missing]:
    """Unanswered questions, comments that are required but empty, and partially met or not
    met answers without an action, in question order. Three queries, however many rows."""
    questions = list(
        Question.objects.filter(version_id=submission.campaign.framework_version_id)
        .select_related("standard__domain", "domain")
        .order_by("domain__number", "standard__number", "number")
    )
    answers = {
        answer.question_id: answer
        for answer in Answer.objects.filter(submission=submission).annotate(
            action_count=Count("actions")
        )
    }
    missing: list[Missing] = []
    for question in questions:
        label = question_label(question)
        answer = answers.get(question.pk)
        if answer is None or not answer.value:
            missing.append(Missing(question, "answer", f"Answer question {label}"))
            continue
        if question.comment_needed(answer.value) and not answer.comment:
            missing.append(Missing(question, "comment", f"Add a comment to question {label}"))
        if answer.value in NEEDS_ACTION and not answer.action_count:
            missing.append(
                Missing(
                    question,
                    "action",
                    f"Add an action to question {label}: it is "
                    f"{AnswerValue(answer.value).label.lower()}",
                )
            )
    return missing

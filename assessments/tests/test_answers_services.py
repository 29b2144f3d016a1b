"""The answer, action and copy-last-year services: each rule and each refusal (domain
assignments are in ``test_assignment_services``)."""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError

from assessments.form.missing import submission_missing
from assessments.form.previous import answers_copy_previous
from assessments.form.services import (
    ActionInput,
    AnswerConflict,
    action_add,
    action_remove,
    action_update,
    answer_save,
)
from assessments.framework.loading import framework_load
from assessments.models import (
    Action,
    Answer,
    Campaign,
    FrameworkVersion,
    Question,
    Submission,
    SubmissionEvent,
    SubmissionStatus,
)
from assessments.testing import FRAMEWORK
from core import clock

# Dates here are counted from the clock's today, so CI runs them again on other days.
pytestmark = [pytest.mark.django_db, pytest.mark.date_sensitive]


def _soon() -> dt.date:
    return clock.today() + dt.timedelta(days=30)


def _q(assessment: Any, ref: str) -> Question:
    return Question.objects.select_related("standard").get(ref=f"QFTEST-{ref}")


def _save(assessment: Any, persona: str = "pp_contributor", **kwargs: Any) -> Answer:
    args: dict[str, Any] = {
        "actor": assessment.world.user(persona),
        "submission": assessment.london,
        "question": _q(assessment, "1.1-Q1"),
        "value": "met",
        "comment": "",
        "revision": 0,
    }
    args.update(kwargs)
    return answer_save(**args)


def test_the_first_answer_starts_the_submission_and_counts_as_answered(assessment: Any) -> None:
    answer = _save(assessment, comment="Named leads on every ward")
    submission = Submission.objects.get(pk=assessment.london.pk)
    assert (answer.value, answer.revision) == ("met", 1)
    assert submission.status == SubmissionStatus.IN_PROGRESS
    assert submission.started_at is not None
    assert submission.answered_count == 1
    assert submission.events.filter(kind=SubmissionEvent.Kind.STARTED).count() == 1
    entry = LogEntry.objects.get_for_object(answer).get()
    assert entry.actor == assessment.world.user("pp_contributor")


def test_each_save_moves_the_revision_on_and_clearing_an_answer_uncounts_it(
    assessment: Any,
) -> None:
    _save(assessment)
    answer = _save(assessment, value="not_met", revision=1)
    assert answer.revision == 2
    cleared = _save(assessment, value="", comment="Still deciding", revision=2)
    assert cleared.revision == 3
    assert Submission.objects.get(pk=assessment.london.pk).answered_count == 0


def test_a_stale_revision_is_a_conflict_carrying_both_versions_and_saves_nothing(
    assessment: Any,
) -> None:
    _save(assessment, comment="First person's comment")
    with pytest.raises(AnswerConflict) as raised:
        _save(assessment, value="not_met", comment="Second person's comment", revision=0)
    conflict = raised.value
    assert conflict.mine == {"value": "not_met", "comment": "Second person's comment"}
    assert conflict.theirs["value"] == "met"
    assert conflict.theirs["comment"] == "First person's comment"
    assert conflict.theirs["revision"] == 1
    assert conflict.theirs["updated_by"] == "Pp Contributor"
    answer = Answer.objects.get(submission=assessment.london)
    assert (answer.value, answer.comment, answer.revision) == ("met", "First person's comment", 1)


def test_saving_what_is_already_saved_is_not_a_conflict(assessment: Any) -> None:
    _save(assessment, comment="Same")
    answer = _save(assessment, comment="Same", revision=0)
    assert answer.revision == 1


def test_an_answer_outside_the_allowed_set_is_refused_naming_the_question(
    assessment: Any,
) -> None:
    # 1.1 (1) does not allow "not applicable".
    with pytest.raises(ValidationError) as raised:
        _save(assessment, value="not_applicable")
    assert raised.value.message_dict["value"] == [
        "Choose one of met, partially met, not met for question 1.1 (1)"
    ]
    with pytest.raises(ValidationError):
        _save(assessment, value="excellent")
    assert not Answer.objects.filter(submission=assessment.london).exists()
    assert Submission.objects.get(pk=assessment.london.pk).status == SubmissionStatus.NOT_STARTED


def test_not_applicable_is_accepted_where_the_question_allows_it(assessment: Any) -> None:
    answer = _save(assessment, question=_q(assessment, "1.2-Q1"), value="not_applicable")
    assert answer.value == "not_applicable"


@pytest.mark.parametrize("persona", ["pp_executive", "regional_lead", "admin"])
def test_only_contributors_of_the_provider_change_answers(assessment: Any, persona: str) -> None:
    with pytest.raises(ValidationError, match="Only contributors of Thameside Hospitals"):
        _save(assessment, persona=persona)
    assert not Answer.objects.exists()


def test_a_contributor_cannot_answer_another_providers_submission(assessment: Any) -> None:
    with pytest.raises(ValidationError, match="Only contributors of Trentbridge"):
        _save(assessment, submission=assessment.midlands)


@pytest.mark.parametrize("status", ["with_signatory", "submitted"])
def test_answers_cannot_change_once_the_submission_has_gone_on(
    assessment: Any, status: str
) -> None:
    _save(assessment)
    Submission.objects.filter(pk=assessment.london.pk).update(status=status)
    assessment.london.refresh_from_db()
    with pytest.raises(ValidationError, match="can no longer be changed"):
        _save(assessment, value="not_met", revision=1)
    assert Answer.objects.get().value == "met"


def test_a_reopened_submission_can_be_changed_again(assessment: Any) -> None:
    Submission.objects.filter(pk=assessment.london.pk).update(status=SubmissionStatus.REOPENED)
    assessment.london.refresh_from_db()
    assert _save(assessment).revision == 1
    assert Submission.objects.get(pk=assessment.london.pk).status == SubmissionStatus.REOPENED


def test_a_question_of_another_framework_is_refused(assessment: Any) -> None:
    other = copy.deepcopy(FRAMEWORK) | {"code": "QFOTHER"}
    framework_load(actor=None, data=other)
    question = Question.objects.get(ref="QFOTHER-1.1-Q1")
    with pytest.raises(ValidationError, match="not part of this self-assessment"):
        _save(assessment, question=question)


def test_an_overlong_comment_is_refused(assessment: Any) -> None:
    with pytest.raises(ValidationError) as raised:
        _save(assessment, comment="x" * 10_001)
    assert "10,000 characters" in raised.value.message_dict["comment"][0]


# What stops it going to the signatory.
def test_missing_lists_unanswered_questions_comments_and_actions(assessment: Any) -> None:
    user = assessment.world.user("pp_contributor")
    for ref, value in [("1.1-Q1", "met"), ("1.1-Q2", "not_met"), ("2.1-Q1", "partially_met")]:
        _save(assessment, question=_q(assessment, ref), value=value)
    missing = submission_missing(assessment.london)
    assert [m.message for m in missing] == [
        "Add an action to question 1.1 (2): it is not met",
        "Answer question 1.2 (1)",
        "Add a comment to question 2.1 (1)",
        "Add an action to question 2.1 (1): it is partially met",
        "Answer question 2.1 (2)",
    ]
    action_add(
        actor=user,
        submission=assessment.london,
        question=_q(assessment, "1.1-Q2"),
        data=ActionInput("Set up a concerns log", "Head of Education", _soon()),
    )
    assert "Add an action to question 1.1 (2): it is not met" not in [
        m.message for m in submission_missing(assessment.london)
    ]


def test_nothing_is_missing_when_every_rule_is_met(assessment: Any) -> None:
    for question in assessment.questions:
        _save(assessment, question=question, value="met")
    assert submission_missing(assessment.london) == []


# Actions.
def test_an_action_needs_what_who_and_when_and_nothing_is_half_saved(assessment: Any) -> None:
    with pytest.raises(ValidationError) as raised:
        action_add(
            actor=assessment.world.user("pp_contributor"),
            submission=assessment.london,
            question=_q(assessment, "1.1-Q1"),
            data=ActionInput("Train ward staff", "  ", None),
        )
    assert raised.value.message_dict == {
        "owner": ["Enter who owns the action"],
        "due_on": ["Enter the date the action is due"],
    }
    assert not Action.objects.exists()
    assert not Answer.objects.exists()


def test_an_action_can_be_added_before_the_answer_then_changed_and_removed(
    assessment: Any,
) -> None:
    user = assessment.world.user("pp_contributor")
    action = action_add(
        actor=user,
        submission=assessment.london,
        question=_q(assessment, "1.1-Q1"),
        data=ActionInput("Train ward staff", "Practice educator", _soon()),
    )
    assert action.answer.value == ""
    assert Submission.objects.get(pk=assessment.london.pk).answered_count == 0
    action_update(
        actor=user, action=action, data=ActionInput("Train all staff", "Director", _soon())
    )
    action.refresh_from_db()
    assert (action.description, action.owner) == ("Train all staff", "Director")
    with pytest.raises(ValidationError, match="Enter what will be done"):
        action_update(actor=user, action=action, data=ActionInput("", "Director", _soon()))
    action_remove(actor=user, action=action)
    assert not Action.objects.exists()
    assert LogEntry.objects.filter(object_repr__startswith="Train").count() >= 3


def test_the_executive_cannot_add_actions(assessment: Any) -> None:
    with pytest.raises(ValidationError, match="Only contributors"):
        action_add(
            actor=assessment.world.user("pp_executive"),
            submission=assessment.london,
            question=_q(assessment, "1.1-Q1"),
            data=ActionInput("Train", "Someone", _soon()),
        )


# Last year's answers.
def _last_year(assessment: Any, version: FrameworkVersion | None = None) -> Submission:
    campaign = Campaign.objects.create(
        name="Self-assessment 2024/25",
        academic_year=2024,
        framework_version=version or assessment.version,
        opens_on=dt.date(2024, 9, 1),
        due_on=dt.date(2024, 12, 1),
        status="closed",
    )
    submission = Submission.objects.create(
        campaign=campaign,
        organisation=assessment.world.london_pp,
        due_on=campaign.due_on,
        status=SubmissionStatus.SUBMITTED,
    )
    for question, value in zip(
        Question.objects.filter(version=campaign.framework_version).order_by("ref"),
        ["met", "not_met", "met", "partially_met", "met"],
        strict=True,
    ):
        Answer.objects.create(
            submission=submission, question=question, value=value, comment=f"2024 {question.ref}"
        )
    return submission


def test_last_years_answers_fill_the_blank_answers_and_keep_those_given(
    assessment: Any,
) -> None:
    _last_year(assessment)
    _save(assessment, value="not_met", comment="Worse this year")  # 1.1-Q1 answered already
    filled = answers_copy_previous(
        actor=assessment.world.user("pp_contributor"), submission=assessment.london
    )
    assert filled == 4
    answers = {a.question.ref: a for a in Answer.objects.filter(submission=assessment.london)}
    kept = answers["QFTEST-1.1-Q1"]
    assert (kept.value, kept.comment, kept.previous_value) == ("not_met", "Worse this year", "met")
    assert kept.changed_since_last_year
    copied = answers["QFTEST-1.1-Q2"]
    assert (copied.value, copied.previous_value) == ("not_met", "not_met")
    assert copied.comment == copied.previous_comment == "2024 QFTEST-1.1-Q2"
    assert not copied.changed_since_last_year
    submission = Submission.objects.get(pk=assessment.london.pk)
    assert submission.answered_count == 5
    event = submission.events.get(kind=SubmissionEvent.Kind.COPIED)
    assert event.comment == "4 answers copied from 2024/25"


def test_last_years_answers_follow_the_question_mapping_when_the_framework_changed(
    assessment: Any,
) -> None:
    _last_year(assessment)
    newer = copy.deepcopy(FRAMEWORK) | {"code": "QFNEXT"}
    for domain in newer["domains"]:
        for standard in domain["standards"]:
            for question in standard["questions"]:
                question["previous"] = (
                    f"QFTEST-{domain['number']}.{standard['number']}-Q{question['number']}"
                )
    # A question new this year has no earlier version.
    newer["domains"][0]["standards"][0]["questions"][1].pop("previous")
    framework_load(actor=None, data=newer)
    version = FrameworkVersion.objects.get(code="QFNEXT")
    campaign = Campaign.objects.create(
        name="2026/27",
        academic_year=2026,
        framework_version=version,
        opens_on=clock.today(),
        due_on=_soon(),
    )
    Answer.objects.create(
        submission=assessment.london,
        question=_q(assessment, "1.2-Q1"),
        value="not_applicable",
        comment="2025 answer",
    )
    submission = Submission.objects.create(
        campaign=campaign, organisation=assessment.world.london_pp, due_on=_soon()
    )
    filled = answers_copy_previous(
        actor=assessment.world.user("pp_contributor"), submission=submission
    )
    # Only 2025's answers count: the latest earlier campaign, mapped question by question.
    assert filled == 1
    answer = Answer.objects.get(submission=submission)
    assert answer.question.ref == "QFNEXT-1.2-Q1"
    assert (answer.value, answer.comment) == ("not_applicable", "2025 answer")


def test_copying_needs_an_earlier_self_assessment(assessment: Any) -> None:
    with pytest.raises(ValidationError, match="no earlier self-assessment"):
        answers_copy_previous(
            actor=assessment.world.user("pp_contributor"), submission=assessment.london
        )


def test_only_contributors_copy_last_years_answers(assessment: Any) -> None:
    _last_year(assessment)
    with pytest.raises(ValidationError, match="Only contributors"):
        answers_copy_previous(
            actor=assessment.world.user("pp_executive"), submission=assessment.london
        )
    assert not Answer.objects.filter(submission=assessment.london).exists()


def test_a_comment_with_a_nul_character_is_refused_by_name_and_nothing_is_saved(assessment):
    # PostgreSQL cannot store NUL in text; the service refuses it on every database.
    with pytest.raises(ValidationError) as refused:
        _save(assessment, comment="Seen by the board\x00 in May")
    assert refused.value.message_dict["comment"] == [
        "The comment on question 1.1 (1) contains a character that cannot be saved "
        "(U+0000, character 18): remove it"
    ]
    assert not Answer.objects.filter(
        submission=assessment.london, comment__contains="board"
    ).exists()


@pytest.mark.day("2026-11-30")
def test_an_action_due_in_the_past_is_refused_and_nothing_is_saved(assessment: Any) -> None:
    with pytest.raises(ValidationError) as raised:
        action_add(
            actor=assessment.world.user("pp_contributor"),
            submission=assessment.london,
            question=_q(assessment, "1.1-Q1"),
            data=ActionInput("Train ward staff", "Ward manager", dt.date(2020, 1, 1)),
        )
    assert raised.value.message_dict == {
        "due_on": ["The date the action is due must be today or later"]
    }
    assert not Action.objects.exists()

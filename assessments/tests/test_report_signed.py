"""The national report counts what executives signed, not the live answers.

Signing writes the signed answers and actions as rows beside the snapshot; the report
counts those of each submitted submission's latest sign-off. The migration that filled the
rows for earlier sign-offs writes the same rows as signing does.
"""

from __future__ import annotations

import datetime as dt
import importlib
from typing import Any

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError

from access.testing import World
from assessments.form.services import ActionInput, action_add, answer_save
from assessments.models import (
    Action,
    Answer,
    Question,
    SignedAction,
    SignedAnswer,
    SignOff,
    Submission,
    SubmissionStatus,
)
from assessments.report.figures import report_figures
from assessments.signoff.services import (
    DECLARATION,
    content_hash,
    snapshot_of,
    submission_reopen,
    submission_send,
    submission_sign_off,
)
from assessments.testing import answer_all
from assessments.tests.test_report_figures import ReportData, build_report_data

backfill_migration = importlib.import_module(
    "assessments.migrations.0003_signed_answers_from_snapshots"
)


@pytest.fixture
def data(world: World) -> ReportData:
    return build_report_data(world)


def _figures(data: ReportData) -> dict[str, Any]:
    figures = report_figures(data.campaign)
    figures.pop("computed_at")
    return figures


def _standard(figures: dict[str, Any], label: str) -> tuple[int, int, int]:
    block = next(s for d in figures["domains"] for s in d["standards"] if s["label"] == label)
    return block["met"], block["partially_met"], block["not_met"]


def _actions(figures: dict[str, Any], label: str) -> dict[str, Any]:
    return next(item for item in figures["actions"] if item["label"] == label)


def test_live_answers_changed_after_signing_do_not_change_the_report(data: ReportData) -> None:
    before = _figures(data)
    # Edited behind the service's back, after signing: every answer not met, actions gone
    # and new ones added. Nothing of it was signed.
    submitted = Submission.objects.filter(campaign=data.campaign, status=SubmissionStatus.SUBMITTED)
    Answer.objects.filter(submission__in=submitted).update(value="not_met")
    Action.objects.filter(answer__submission=data.submissions["L2"]).delete()
    answer = Answer.objects.filter(submission=data.submissions["M1"]).first()
    assert answer is not None
    Action.objects.create(
        answer=answer, description="Never signed", owner="Nobody", due_on=dt.date(2027, 1, 1)
    )

    assert _figures(data) == before
    assert _standard(before, "1.1") == (7, 2, 1)
    assert "Weekly safety huddles open to learners" in _actions(before, "1.1")["samples"]


def test_reopened_it_stops_counting_and_counts_again_as_it_is_signed_again(
    data: ReportData,
) -> None:
    world = data.assessment.world
    london = data.submissions["L1"]
    first = data.assessment.questions[0]
    assert _standard(_figures(data), "1.1") == (7, 2, 1)

    submission_reopen(actor=world.user("admin"), submission=london, reason="Recheck 1.1")
    contributor = world.user("pp_contributor")
    answer = Answer.objects.get(submission=london, question=first)
    answer_save(
        actor=contributor,
        submission=london,
        question=first,
        value="not_met",
        comment="Found a gap",
        revision=answer.revision,
    )
    action_add(
        actor=contributor,
        submission=london,
        question=first,
        data=ActionInput("Close the gap", "Head of education", dt.date(2027, 1, 1)),
    )
    # Reopened and changed but not signed again: London's provider does not count.
    assert _standard(_figures(data), "1.1") == (5, 2, 1)

    submission_send(actor=contributor, submission=london, signatory=world.user("pp_executive"))
    submission_sign_off(
        actor=world.user("pp_executive"), submission=london, declaration=DECLARATION
    )
    figures = _figures(data)
    # Signed again as version 2: its new answer and action count, version 1 no longer.
    assert _standard(figures, "1.1") == (6, 2, 2)
    assert "Close the gap" in _actions(figures, "1.1")["samples"]
    assert _actions(figures, "1.1")["count"] == 4
    assert SignOff.objects.filter(submission=london).count() == 2


def _signed(assessment: Any) -> SignOff:
    """London answered, one action added, sent and signed through the services."""
    world = assessment.world
    answers = answer_all(assessment.london)
    Answer.objects.filter(pk=answers[1].pk).update(value="partially_met")
    for text, due in (("Weekly huddle", "2026-03-31"), ("Learner forum", "2026-01-31")):
        Action.objects.create(answer=answers[1], description=text, owner="Lead", due_on=due)
    submission_send(
        actor=world.user("pp_contributor"),
        submission=assessment.london,
        signatory=world.user("pp_executive"),
    )
    return submission_sign_off(
        actor=world.user("pp_executive"), submission=assessment.london, declaration=DECLARATION
    )


def _rows() -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    answers = SignedAnswer.objects.order_by("sign_off", "question__ref").values_list(
        "sign_off", "submission", "version", "question__ref", "value"
    )
    actions = SignedAction.objects.order_by("answer__question__ref", "due_on").values_list(
        "answer__sign_off", "answer__question__ref", "description", "owner", "due_on", "recorded"
    )
    return list(answers), list(actions)


def test_signing_writes_the_snapshot_as_rows(assessment: Any) -> None:
    sign_off = _signed(assessment)
    answers, actions = _rows()
    snapshot = sign_off.snapshot
    assert answers == [
        (sign_off.pk, assessment.london.pk, 1, row["ref"], row["value"])
        for row in snapshot["questions"]
    ]
    assert [a[3] for a in answers] == [q.ref for q in assessment.questions]
    ids = dict(Action.objects.values_list("description", "pk"))
    ref = snapshot["questions"][1]["ref"]
    assert actions == [
        (sign_off.pk, ref, "Learner forum", "Lead", dt.date(2026, 1, 31), ids["Learner forum"]),
        (sign_off.pk, ref, "Weekly huddle", "Lead", dt.date(2026, 3, 31), ids["Weekly huddle"]),
    ]


def test_a_refused_signing_writes_no_rows(assessment: Any) -> None:
    world = assessment.world
    answer_all(assessment.london)
    submission_send(
        actor=world.user("pp_contributor"),
        submission=assessment.london,
        signatory=world.user("pp_executive"),
    )
    seen = content_hash(snapshot_of(assessment.london))
    Answer.objects.filter(submission=assessment.london).update(comment="Changed")
    with pytest.raises(ValidationError, match="changed after you opened this page"):
        submission_sign_off(
            actor=world.user("pp_executive"),
            submission=assessment.london,
            declaration=DECLARATION,
            seen_hash=seen,
        )
    assert not SignedAnswer.objects.exists()


def test_the_backfill_writes_the_rows_signing_wrote_and_its_reverse_removes_them(
    assessment: Any,
) -> None:
    _signed(assessment)
    # A second sign-off of another version: the backfill fills every sign-off.
    submission_reopen(
        actor=assessment.world.user("admin"), submission=assessment.london, reason="Again"
    )
    Submission.objects.filter(pk=assessment.london.pk).update(
        status=SubmissionStatus.WITH_SIGNATORY
    )
    submission_sign_off(
        actor=assessment.world.user("pp_executive"),
        submission=assessment.london,
        declaration=DECLARATION,
    )
    written = _rows()
    assert {row[2] for row in written[0]} == {1, 2}
    assert len(written[1]) == 4

    SignedAction.objects.all().delete()
    SignedAnswer.objects.all().delete()
    backfill_migration.backfill(apps, None)
    assert _rows() == written
    # Run again, it adds nothing; reversed, it removes what it wrote.
    backfill_migration.backfill(apps, None)
    assert _rows() == written
    backfill_migration.remove(apps, None)
    assert _rows() == ([], [])


def test_the_backfill_skips_what_a_snapshot_cannot_say(assessment: Any) -> None:
    sign_off = _signed(assessment)
    snapshot = dict(sign_off.snapshot)
    snapshot["questions"] = [
        {**snapshot["questions"][0], "ref": "QFGONE-1.1-Q1"},
        *snapshot["questions"][1:],
    ]
    SignOff.objects.filter(pk=sign_off.pk).update(snapshot=snapshot)
    SignedAction.objects.all().delete()
    SignedAnswer.objects.all().delete()
    Action.objects.filter(description="Weekly huddle").update(owner="Someone else")

    backfill_migration.backfill(apps, None)

    answers, actions = _rows()
    assert len(answers) == Question.objects.filter(version=assessment.version).count() - 1
    # An action changed since it was signed still counts as signed, without its old id.
    assert [(a[2], a[3], a[5] is None) for a in actions] == [
        ("Learner forum", "Lead", False),
        ("Weekly huddle", "Lead", True),
    ]

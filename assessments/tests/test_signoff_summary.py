"""The sign-off page puts first what an executive needs: the answers counted, every not met
and partially met answer with its actions, and what changed since the last signed
self-assessment; then the full record, a closed disclosure per domain."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from access.testing import World
from assessments.form.services import question_label
from assessments.framework.loading import framework_load
from assessments.models import (
    Action,
    Answer,
    Campaign,
    FrameworkVersion,
    Question,
    SignOff,
    Submission,
    SubmissionStatus,
)
from assessments.signoff.services import snapshot_of
from assessments.signoff.summary import summary_of
from assessments.testing import YEAR, answer_all, sign_as_submitted
from assessments.tests.signoff_helpers import DUE, Signing, build_signing

Clients = Callable[[str], Client]


@pytest.fixture
def signing(world: World) -> Signing:
    return build_signing(world)


def _page(client_for: Clients, submission: Submission) -> str:
    response = client_for("pp_executive").get(reverse("assessments:sign", args=[submission.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_the_summary_counts_every_answer_and_lists_what_is_not_met(signing: Signing) -> None:
    summary = summary_of(signing.submission, snapshot_of(signing.submission))
    assert summary.total == len(signing.questions) == 97
    assert summary.counts == [
        ("Met", 92),
        ("Partially met", 3),
        ("Not met", 2),
        ("Not applicable", 0),
    ]
    assert [row.label for row in summary.not_met] == [question_label(q) for q in signing.not_met]
    assert [row.label for row in summary.partially_met] == [
        question_label(q) for q in signing.partially_met
    ]
    [action] = summary.not_met[0].actions
    assert (action.owner, action.due_on) == ("Director of nursing", DUE)
    assert [d.number for d in summary.domains] == [1, 2, 3, 4, 5, 6]


def test_the_summary_compares_with_what_was_signed_last_year(signing: Signing) -> None:
    comparison = summary_of(signing.submission, snapshot_of(signing.submission)).comparison
    assert comparison is not None
    assert comparison.year_label == "2024/25"
    assert [c.row.label for c in comparison.changes] == sorted(
        (question_label(q) for q in signing.changed),
        key=[question_label(q) for q in signing.questions].index,
    )
    first = comparison.changes[0]
    assert (first.before, first.row.answer) == ("Not met", "Met")
    assert comparison.new_questions == 0


def test_the_sign_page_puts_the_summary_before_the_full_record(
    signing: Signing, client_for: Clients
) -> None:
    html = _page(client_for, signing.submission)
    ids = re.findall(r'<h2 id="([a-z-]+)"', html)
    assert ids == ["summary", "not-met", "changes", "record", "sign-off", "return"]
    assert "Answers to the 97 questions" in html
    assert "Changes since 2024/25" in html and "6 answers changed since 2024/25" in html
    details = re.findall(r"<details[^>]*>", html)
    assert len(details) == 6 and not any(" open" in tag for tag in details)
    assert html.index('id="record"') < html.index("<details")


def test_the_sign_page_names_questions_as_the_form_does_and_dates_in_words(
    signing: Signing, client_for: Clients
) -> None:
    html = _page(client_for, signing.submission)
    question = signing.not_met[0]
    assert f"Question {question_label(question)}" in html
    assert f"Standard {question.standard.label}: {question.standard.title}" in html
    assert question.ref not in html  # the stored reference is not what people call it
    assert "Due: 12 May 2027." in html
    assert "2027-05-12" not in html


def test_a_provider_that_never_signed_before_has_nothing_to_compare(
    assessment: Any, client_for: Clients
) -> None:
    answer_all(assessment.london)
    Submission.objects.filter(pk=assessment.london.pk).update(
        status=SubmissionStatus.WITH_SIGNATORY, signatory=assessment.world.user("pp_executive")
    )
    html = _page(client_for, assessment.london)
    assert "There is no signed self-assessment from an earlier year to compare with" in html
    assert "No answer is not met or partially met." in html


def test_a_changed_framework_is_compared_through_each_questions_predecessor(
    assessment: Any, client_for: Clients
) -> None:
    framework_load(
        actor=None,
        data={
            "code": "QFOLD",
            "name": "Earlier framework",
            "domains": [
                {
                    "number": 1,
                    "title": "Earlier domain",
                    "standards": [
                        {
                            "number": 1,
                            "title": "Earlier standard",
                            "questions": [{"number": 1, "text": "Earlier question"}],
                        }
                    ],
                }
            ],
        },
    )
    old = FrameworkVersion.objects.get(code="QFOLD")
    earlier_question = Question.objects.get(version=old)
    Question.objects.filter(ref="QFTEST-1.1-Q1").update(previous=earlier_question)
    last = Submission.objects.create(
        campaign=Campaign.objects.create(
            name="Self-assessment 2024/25",
            academic_year=YEAR - 1,
            framework_version=old,
            opens_on=dt.date(YEAR - 1, 10, 1),
            due_on=dt.date(YEAR, 1, 31),
        ),
        organisation=assessment.london.organisation,
        due_on=dt.date(YEAR, 1, 31),
        status=SubmissionStatus.SUBMITTED,
    )
    Answer.objects.create(submission=last, question=earlier_question, value="not_met")
    sign_as_submitted(last)
    answer_all(assessment.london)
    comparison = summary_of(assessment.london, snapshot_of(assessment.london)).comparison
    assert comparison is not None
    assert [(c.row.label, c.before, c.row.answer) for c in comparison.changes] == [
        ("1.1 (1)", "Not met", "Met")
    ]
    assert comparison.new_questions == 4


def test_the_sign_page_takes_the_same_queries_however_many_actions(
    signing: Signing, client_for: Clients, django_assert_max_num_queries: Any
) -> None:
    client = client_for("pp_executive")
    url = reverse("assessments:sign", args=[signing.submission.pk])
    client.get(url)
    with django_assert_max_num_queries(20) as counted:
        client.get(url)
    before = len(counted.captured_queries)
    for answer in Answer.objects.filter(submission=signing.submission, value="met")[:40]:
        answer.value = "not_met"
        answer.save()
        Action.objects.create(
            answer=answer, description="More work", owner="Head of education", due_on=DUE
        )
    with django_assert_max_num_queries(before):
        assert "Not met (42)" in client.get(url).content.decode()


def test_a_signed_version_shows_its_record_folded_by_domain_as_the_form_names_it(
    assessment: Any, client_for: Clients
) -> None:
    answer_all(assessment.london)
    sign_off = sign_as_submitted(assessment.london)
    client = client_for("regional_lead")
    url = reverse("assessments:signed_version", args=[assessment.london.pk, sign_off.version])
    html = client.get(url).content.decode()
    assert len(re.findall(r"<details", html)) == 2
    assert "Question 1.1 (1)" in html and "Question 2.1 (2)" in html
    # A stored copy altered after signing still shows, as not matching.
    SignOff.objects.filter(pk=sign_off.pk).update(snapshot={"tampered": True})
    altered = client.get(url)
    assert altered.status_code == 200
    assert "Does not match: altered after signing" in altered.content.decode()

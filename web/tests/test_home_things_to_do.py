"""Each person's home page lists what waits for them, with counts, from every process:
queries to answer, rounds to approve, self-assessments to complete, sign off and review."""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessments.models import ReviewNote, Submission, SubmissionStatus
from assessments.testing import answer_all
from core import clock
from ratings.models import FollowUp, FollowUpAction, RatingQuery, RatingRound, RoundStatus

# Preview windows and due dates are counted from the clock's today.
pytestmark = pytest.mark.date_sensitive


def _things(client) -> list[str]:
    """The "Things to do" lines of the home page, as read."""
    body = client.get("/").content.decode()
    assert "Things to do" in body
    section = body.split('id="things-to-do"', 1)[1].split("</ul>", 1)[0]
    return [
        html.unescape(re.sub(r"\s+", " ", text).strip())
        for text in re.findall(r'<a class="nhsuk-link[^"]*" href="[^"]+">([^<]+)</a>', section)
    ]


def _preview(round_: RatingRound, closes: dt.date) -> None:
    RatingRound.objects.filter(pk=round_.pk).update(
        status=RoundStatus.PROVIDER_PREVIEW, preview_closes_on=closes
    )


def _query(qcpm, key: str) -> RatingQuery:
    return RatingQuery.objects.create(
        rating=qcpm.ratings[key],
        question="Is the fill rate right?",
        raised_by=qcpm.world.user("ep_lead"),
    )


def test_nothing_waiting_is_said_plainly(world, client_for):
    body = client_for("pp_contributor").get("/").content.decode()
    assert "Nothing is waiting for you at the moment." in body


def test_contract_managers_see_their_regions_queries_and_the_rounds_to_approve(qcpm, client_for):
    _query(qcpm, "london")
    _query(qcpm, "midlands")
    _preview(qcpm.round, clock.today() - dt.timedelta(days=1))
    assert _things(client_for("contract_manager")) == [
        "1 query from a provider to answer",
        "1 round of ratings to approve",
    ]
    assert _things(client_for("admin")) == [
        "2 queries from providers to answer",
        "1 round of ratings to approve",
    ]
    body = client_for("contract_manager").get("/").content.decode()
    assert reverse("ratings:round_detail", args=qcpm.round.url_args) in body
    # The Midlands contract manager has the Midlands query, and no London round to approve.
    assert _things(client_for("midlands_contract_manager")) == ["1 query from a provider to answer"]


def test_a_round_is_not_to_approve_while_its_preview_is_open_but_approved_ones_are_to_publish(
    qcpm, client_for
):
    _preview(qcpm.round, clock.today())
    assert _things(client_for("contract_manager")) == []
    RatingRound.objects.filter(pk=qcpm.round.pk).update(status=RoundStatus.APPROVED)
    assert _things(client_for("contract_manager")) == ["1 approved round of ratings to publish"]


def test_provider_leads_see_their_draft_ratings_to_check_and_overdue_actions(qcpm, client_for):
    _preview(qcpm.round, clock.today() + dt.timedelta(days=5))
    follow_up = FollowUp.objects.create(rating=qcpm.ratings["london"])
    for days in (-3, -1, 4):
        FollowUpAction.objects.create(
            follow_up=follow_up,
            description="Meet the placement team",
            owner="Dean",
            due_on=clock.today() + dt.timedelta(days=days),
        )
    assert _things(client_for("ep_lead")) == [
        "1 draft rating to check",
        "2 improvement actions overdue",
    ]


def test_contributors_see_what_to_complete_and_questions_to_answer(assessment, client_for):
    answers = answer_all(assessment.london)
    ReviewNote.objects.create(answer=answers[0], kind=ReviewNote.Kind.CLARIFICATION, note="Why?")
    ReviewNote.objects.create(answer=answers[1], kind=ReviewNote.Kind.FLAG, note="Team only")
    assert _things(client_for("pp_contributor")) == [
        "1 self-assessment to complete",
        "1 question from the quality team to answer",
    ]
    body = client_for("pp_contributor").get("/").content.decode()
    assert reverse("assessments:submission", args=[assessment.london.pk]) in body
    assert reverse("assessments:clarifications", args=[assessment.london.pk]) in body


def test_executives_see_the_self_assessments_sent_to_them_to_sign(assessment, client_for):
    assert _things(client_for("pp_executive")) == []
    Submission.objects.filter(pk=assessment.london.pk).update(
        status=SubmissionStatus.WITH_SIGNATORY
    )
    assert _things(client_for("pp_executive")) == ["1 self-assessment to sign off"]
    body = client_for("pp_executive").get("/").content.decode()
    assert reverse("assessments:sign", args=[assessment.london.pk]) in body


def test_regional_leads_see_their_regions_submissions_to_review_and_answers_to_read(
    assessment, client_for
):
    Submission.objects.filter(pk__in=[assessment.london.pk, assessment.midlands.pk]).update(
        status=SubmissionStatus.SUBMITTED
    )
    assert _things(client_for("regional_lead")) == ["1 submitted self-assessment to review"]
    assert _things(client_for("admin")) == ["2 submitted self-assessments to review"]

    answers = answer_all(assessment.london)
    Submission.objects.filter(pk=assessment.london.pk).update(status=SubmissionStatus.SUBMITTED)
    ReviewNote.objects.create(
        answer=answers[0],
        kind=ReviewNote.Kind.CLARIFICATION,
        note="Why?",
        status=ReviewNote.Status.ANSWERED,
        response="Because.",
    )
    # Noted on, so reviewed; its answered question now waits to be read.
    assert _things(client_for("regional_lead")) == ["1 provider's answer to read"]


@pytest.mark.parametrize("persona", ["admin", "contract_manager", "ep_lead", "regional_lead"])
def test_the_home_page_makes_the_same_queries_however_much_waits(
    qcpm, assessment, client_for, persona
):
    client = client_for(persona)
    with CaptureQueriesContext(connection) as few:
        client.get("/")
    _preview(qcpm.round, clock.today() - dt.timedelta(days=1))
    for _ in range(5):
        _query(qcpm, "london")
        _query(qcpm, "midlands")
    Submission.objects.update(status=SubmissionStatus.SUBMITTED)
    with CaptureQueriesContext(connection) as many:
        client.get("/")
    assert len(many.captured_queries) == len(few.captured_queries) <= 20

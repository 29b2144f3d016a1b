"""Regional review: notes on answers, clarifications answered by the provider, closing, list."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from auditlog.models import LogEntry
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessments.models import Answer, Campaign, ReviewNote, Submission, SubmissionEvent
from assessments.review.services import note_add, note_close, note_respond
from assessments.testing import answer_all
from core.testing.mail import committed

Clients = Callable[[str], Client]


def _answer(submission: Submission) -> Answer:
    answers = answer_all(submission)
    return sorted(answers, key=lambda a: a.question.ref)[0]


def _clarify(assessment: Any, persona: str = "regional_lead") -> ReviewNote:
    with committed():
        return note_add(
            actor=assessment.world.user(persona),
            answer=_answer(assessment.london),
            kind="clarification",
            note="How do learners on nights raise concerns?",
        )


def test_a_clarification_emails_the_contributors_and_joins_the_history(assessment: Any) -> None:
    note = _clarify(assessment)
    assert (note.kind, note.status) == ("clarification", "open")
    event = SubmissionEvent.objects.get(submission=assessment.london)
    assert event.kind == "clarification"
    assert event.comment == "QFTEST-1.1-Q1: How do learners on nights raise concerns?"
    assert [m.to for m in mail.outbox] == [["pp.contributor@world.test"]]
    assert "How do learners on nights raise concerns?" in mail.outbox[0].body
    assert f"/submissions/{assessment.london.pk}/clarifications/" in mail.outbox[0].body
    assert LogEntry.objects.get_for_object(note).get().actor == assessment.world.user(
        "regional_lead"
    )


@pytest.mark.parametrize("kind", ["flag", "concern"])
def test_flags_and_concerns_tell_nobody_and_stay_off_the_history(
    assessment: Any, kind: str
) -> None:
    note = note_add(
        actor=assessment.world.user("admin"),
        answer=_answer(assessment.london),
        kind=kind,
        note="Does not match the visit",
    )
    assert note.kind == kind
    assert not mail.outbox
    assert not SubmissionEvent.objects.exists()


def test_a_note_needs_text_and_a_known_kind(assessment: Any) -> None:
    answer = _answer(assessment.london)
    lead = assessment.world.user("regional_lead")
    with pytest.raises(ValidationError, match=r"Enter your note on QFTEST-1\.1-Q1"):
        note_add(actor=lead, answer=answer, kind="flag", note="  ")
    with pytest.raises(ValidationError, match="Choose a flag"):
        note_add(actor=lead, answer=answer, kind="praise", note="Good")
    assert not ReviewNote.objects.exists()


@pytest.mark.parametrize("persona", ["pp_contributor", "pp_executive"])
def test_providers_cannot_review_their_own_answers(assessment: Any, persona: str) -> None:
    with pytest.raises(PermissionDenied):
        _clarify(assessment, persona)


def test_a_regional_lead_cannot_review_another_region(assessment: Any) -> None:
    with pytest.raises(PermissionDenied):
        note_add(
            actor=assessment.world.user("regional_lead"),
            answer=_answer(assessment.midlands),
            kind="flag",
            note="x",
        )


def test_a_contributor_answers_a_clarification_and_the_lead_hears_of_it(assessment: Any) -> None:
    note = _clarify(assessment)
    mail.outbox.clear()
    contributor = assessment.world.user("pp_contributor")
    with pytest.raises(
        ValidationError, match=r"Enter your answer to the question on QFTEST-1\.1-Q1"
    ):
        note_respond(actor=contributor, note=note, response="")
    with pytest.raises(PermissionDenied):
        note_respond(actor=assessment.world.user("pp_executive"), note=note, response="x")
    with committed():
        answered = note_respond(actor=contributor, note=note, response="Through the night bleep")
    assert (answered.status, answered.response, answered.responded_by) == (
        "answered",
        "Through the night bleep",
        contributor,
    )
    assert [m.to for m in mail.outbox] == [["london.lead@world.test"]]
    with pytest.raises(ValidationError, match="is answered"):
        note_respond(actor=contributor, note=note, response="Again")


def test_only_clarifications_take_a_response(assessment: Any) -> None:
    flag = note_add(
        actor=assessment.world.user("regional_lead"),
        answer=_answer(assessment.london),
        kind="flag",
        note="Check",
    )
    with pytest.raises(ValidationError, match="asks for no answer"):
        note_respond(actor=assessment.world.user("pp_contributor"), note=flag, response="x")


def test_the_lead_closes_a_note_once(assessment: Any) -> None:
    note = _clarify(assessment)
    with pytest.raises(PermissionDenied):
        note_close(actor=assessment.world.user("pp_contributor"), note=note)
    assert note_close(actor=assessment.world.user("regional_lead"), note=note).status == "closed"
    with pytest.raises(ValidationError, match="already closed"):
        note_close(actor=assessment.world.user("admin"), note=note)


def test_the_review_page_adds_a_note_on_one_answer_and_shows_errors_on_it(
    assessment: Any, client_for: Clients
) -> None:
    answer = _answer(assessment.london)
    client = client_for("regional_lead")
    url = reverse("assessments:review", args=[assessment.london.pk])
    page = client.get(url).content.decode()
    assert "Comment on QFTEST-2.1-Q2" in page
    assert f'href="{url}?note={answer.pk}#add-note"' in page
    assert 'name="answer"' not in page  # one form at a time, for the chosen answer
    chosen = client.get(url, {"note": answer.pk}).content.decode()
    assert f'name="a{answer.pk}-note"' in chosen
    assert chosen.count('name="answer"') == 1
    refused = client.post(url, {"answer": str(answer.pk), f"a{answer.pk}-kind": "concern"})
    html = refused.content.decode()
    assert "Enter your note" in html
    assert f'href="#id_a{answer.pk}-note"' in html
    response = client.post(
        url,
        {"answer": str(answer.pk), f"a{answer.pk}-kind": "concern", f"a{answer.pk}-note": "Low"},
    )
    assert response.status_code == 302
    assert response["Location"].endswith(f"#answer-{answer.pk}")
    note = ReviewNote.objects.get()
    assert (note.kind, note.note, note.answer) == ("concern", "Low", answer)
    after = client.get(url).content.decode()
    assert "Concern" in after and "Close this note" in after
    close = client.post(reverse("assessments:review_note_close", args=[note.pk]))
    assert close.status_code == 302
    note.refresh_from_db()
    assert note.status == "closed"


def test_a_contributor_answers_on_the_clarifications_page(
    assessment: Any, client_for: Clients
) -> None:
    note = _clarify(assessment)
    client = client_for("pp_contributor")
    url = reverse("assessments:clarifications", args=[assessment.london.pk])
    assert "How do learners on nights raise concerns?" in client.get(url).content.decode()
    empty = client.post(url, {"note": str(note.pk), f"n{note.pk}-response": ""})
    assert "Enter your answer" in empty.content.decode()
    done = client.post(url, {"note": str(note.pk), f"n{note.pk}-response": "Night bleep"})
    assert done.status_code == 302
    note.refresh_from_db()
    assert note.status == "answered"
    # The executive can read the questions but has no form to answer them.
    note.status = "open"
    note.save()
    executive = client_for("pp_executive").get(url).content.decode()
    assert "How do learners on nights raise concerns?" in executive
    assert "Send answer" not in executive


def _more_submissions(assessment: Any, count: int) -> None:
    """Extra London submissions in campaigns of other years, each with an open note."""
    base = assessment.campaign
    for year in range(2000, 2000 + count):
        campaign = Campaign.objects.create(
            name=f"Campaign {year}",
            academic_year=year,
            framework_version=base.framework_version,
            opens_on=base.opens_on,
            due_on=base.due_on,
        )
        submission = Submission.objects.create(
            campaign=campaign, organisation=assessment.world.london_pp, due_on=base.due_on
        )
        ReviewNote.objects.create(
            answer=_answer(submission), kind="flag", note="Check", raised_by=None
        )


def test_the_review_list_shows_the_leads_region_only_with_open_notes_in_fixed_queries(
    assessment: Any, client_for: Clients, django_assert_num_queries: Any
) -> None:
    _clarify(assessment)
    client = client_for("regional_lead")
    url = reverse("assessments:review_list")
    html = client.get(url).content.decode()
    assert "Thameside Hospitals NHS Trust" in html
    assert "Trentbridge Healthcare" not in html
    assert "Trentbridge Healthcare" in client_for("admin").get(url).content.decode()
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    _more_submissions(assessment, 6)
    with django_assert_num_queries(len(few.captured_queries)):
        many = client.get(url)
    assert len(few.captured_queries) <= 10
    assert many.content.decode().count('/review/"') == 7
    filtered = client.get(url, {"status": "not_started"}).content.decode()
    assert filtered.count('/review/"') == 0


def test_the_review_page_reads_every_answer_in_fixed_queries(
    assessment: Any, client_for: Clients, django_assert_num_queries: Any
) -> None:
    answers = answer_all(assessment.london)
    client = client_for("regional_lead")
    url = reverse("assessments:review", args=[assessment.london.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for answer in answers:
        ReviewNote.objects.create(answer=answer, kind="flag", note="One", raised_by=None)
        ReviewNote.objects.create(answer=answer, kind="concern", note="Two", raised_by=None)
    with django_assert_num_queries(len(few.captured_queries)):
        client.get(url)

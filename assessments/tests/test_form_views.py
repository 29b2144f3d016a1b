"""The form pages without JavaScript: saving a page, errors on the right question, read-only
views, conflicts, autosave answers, actions, assignment, copying and checking answers."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from html import unescape
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from assessments.form.services import answer_save
from assessments.models import (
    Action,
    Answer,
    Campaign,
    DomainAssignment,
    Question,
    Submission,
    SubmissionStatus,
)
from core import clock

pytestmark = pytest.mark.django_db

Clients = Callable[[str], Client]


def _q(ref: str) -> Question:
    return Question.objects.get(ref=f"QFTEST-{ref}")


def _domain_url(assessment: Any, number: int = 1) -> str:
    return reverse("assessments:form_domain", args=[assessment.london.pk, number])


def _page_data(**answers: tuple[str, str, int]) -> dict[str, str]:
    """POST data for domain 1: {ref: (value, comment, revision)}; unnamed questions blank."""
    data = {"then": "next"}
    for ref in ["1.1-Q1", "1.1-Q2", "1.2-Q1"]:
        value, comment, revision = answers.get(ref.replace(".", "_").replace("-", "_"), ("", "", 0))
        prefix = f"q{_q(ref).pk}"
        data |= {f"{prefix}-value": value, f"{prefix}-comment": comment}
        data[f"{prefix}-revision"] = str(revision)
    return data


def test_the_overview_shows_progress_per_domain_and_overall(
    assessment: Any, client_for: Clients
) -> None:
    user = assessment.world.user("pp_contributor")
    answer_save(
        actor=user,
        submission=assessment.london,
        question=_q("1.1-Q1"),
        value="met",
        comment="",
        revision=0,
    )
    DomainAssignment.objects.create(
        submission=assessment.london, domain=assessment.domains[1], user=user
    )
    response = client_for("pp_executive").get(
        reverse("assessments:submission", args=[assessment.london.pk])
    )
    html = response.content.decode()
    assert "1 of 5 questions" in html
    assert "1 of 3 answered" in html
    assert "0 of 2 answered. Assigned to Pp Contributor" in html
    assert "In progress" in html


def test_saving_a_page_without_javascript_saves_every_answer_and_moves_on(
    assessment: Any, client_for: Clients
) -> None:
    response = client_for("pp_contributor").post(
        _domain_url(assessment),
        _page_data(
            **{"1_1_Q1": ("met", "Named leads", 0), "1_2_Q1": ("not_applicable", "No nights", 0)}
        ),
    )
    assert response.status_code == 302
    assert response["Location"] == _domain_url(assessment, 2)
    answers = {a.question.ref: a for a in Answer.objects.filter(submission=assessment.london)}
    assert set(answers) == {"QFTEST-1.1-Q1", "QFTEST-1.2-Q1"}
    assert (answers["QFTEST-1.1-Q1"].value, answers["QFTEST-1.1-Q1"].comment) == (
        "met",
        "Named leads",
    )
    submission = Submission.objects.get(pk=assessment.london.pk)
    assert submission.answered_count == 2
    assert submission.status == SubmissionStatus.IN_PROGRESS


def test_the_last_domain_leads_to_check_your_answers(assessment: Any, client_for: Clients) -> None:
    data = {"then": "next"}
    for ref in ["2.1-Q1", "2.1-Q2"]:
        data[f"q{_q(ref).pk}-revision"] = "0"
    response = client_for("pp_contributor").post(_domain_url(assessment, 2), data)
    assert response["Location"] == reverse("assessments:check_answers", args=[assessment.london.pk])


def test_a_bad_answer_is_shown_on_its_question_and_everything_typed_is_kept(
    assessment: Any, client_for: Clients
) -> None:
    data = _page_data(
        **{"1_1_Q1": ("met", "Good", 0), "1_1_Q2": ("not_applicable", "Typed with care", 0)}
    )
    response = client_for("pp_contributor").post(_domain_url(assessment), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html
    q2 = _q("1.1-Q2")
    assert f'href="#id_q{q2.pk}-value"' in html
    assert "Choose one of the answers listed for question 1.1 (2)" in html
    assert "Typed with care" in html
    # The good answer on the page was saved; the refused one was not.
    assert list(Answer.objects.values_list("question__ref", "value")) == [("QFTEST-1.1-Q1", "met")]


def test_a_conflict_shows_both_versions_and_keeps_mine_until_i_save_again(
    assessment: Any, client_for: Clients
) -> None:
    question = _q("1.1-Q1")
    # Someone else saves first, after I loaded the page at revision 0.
    answer_save(
        actor=assessment.world.user("pp_contributor"),
        submission=assessment.london,
        question=question,
        value="met",
        comment="Their comment",
        revision=0,
    )
    client = client_for("pp_contributor")
    mine = _page_data(**{"1_1_Q1": ("not_met", "My comment", 0)})
    response = client.post(_domain_url(assessment), mine)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Someone else changed this answer" in html
    assert "Their comment" in html
    assert "My comment" in html
    assert f'name="q{question.pk}-revision" value="1"' in html
    assert Answer.objects.get().comment == "Their comment"
    # Saving again, knowingly, replaces their answer with mine.
    mine[f"q{question.pk}-revision"] = "1"
    assert client.post(_domain_url(assessment), mine).status_code == 302
    assert Answer.objects.get().comment == "My comment"


@pytest.mark.parametrize("persona", ["pp_executive", "regional_lead", "admin"])
def test_readers_see_the_answers_without_a_form_and_cannot_post(
    assessment: Any, client_for: Clients, persona: str
) -> None:
    Answer.objects.create(
        submission=assessment.london, question=_q("1.1-Q1"), value="met", comment="Shown"
    )
    client = client_for(persona)
    html = client.get(_domain_url(assessment)).content.decode()
    assert "Shown" in html
    assert "<textarea" not in html
    assert 'type="radio"' not in html
    assert "form.mjs" not in html
    response = client.post(_domain_url(assessment), _page_data(**{"1_1_Q1": ("not_met", "", 1)}))
    assert response.status_code == 404
    assert Answer.objects.get().value == "met"


def test_after_sign_off_the_contributor_reads_only_and_a_post_is_refused(
    assessment: Any, client_for: Clients
) -> None:
    Answer.objects.create(submission=assessment.london, question=_q("1.1-Q1"), value="met")
    Submission.objects.filter(pk=assessment.london.pk).update(status=SubmissionStatus.SUBMITTED)
    client = client_for("pp_contributor")
    html = client.get(_domain_url(assessment)).content.decode()
    assert "is submitted, so its answers cannot be changed" in html
    assert "<textarea" not in html
    response = client.post(
        _domain_url(assessment), _page_data(**{"1_1_Q1": ("not_met", "", 0)}), follow=True
    )
    assert "it can no longer be changed" in response.content.decode()
    assert Answer.objects.get().value == "met"
    add = reverse("assessments:action_add", args=[assessment.london.pk, _q("1.1-Q1").pk])
    assert client.get(add)["Location"] == reverse(
        "assessments:submission", args=[assessment.london.pk]
    )


def test_a_changed_answer_is_highlighted_with_last_years(
    assessment: Any, client_for: Clients
) -> None:
    Answer.objects.create(
        submission=assessment.london,
        question=_q("1.1-Q1"),
        value="not_met",
        previous_value="met",
        previous_comment="All wards had leads",
    )
    Answer.objects.create(
        submission=assessment.london, question=_q("1.1-Q2"), value="met", previous_value="met"
    )
    html = client_for("pp_contributor").get(_domain_url(assessment)).content.decode()
    assert html.count("Changed from last year.") == 1
    assert "Last year's answer was met, with the comment: “All wards had leads”" in html
    assert "Last year's answer was met: this year's is the same." in html


# Autosave.
def _autosave(client: Client, assessment: Any, **data: Any) -> Any:
    return client.post(reverse("assessments:answer_autosave", args=[assessment.london.pk]), data)


def test_autosave_returns_the_new_revision(assessment: Any, client_for: Clients) -> None:
    client = client_for("pp_contributor")
    question = _q("1.1-Q1")
    response = _autosave(
        client, assessment, question=question.pk, value="met", comment="Hi", revision=0
    )
    assert response.status_code == 200
    assert response.json() == {"revision": 1, "answered": 1}
    response = _autosave(
        client, assessment, question=question.pk, value="", comment="Hi", revision=1
    )
    assert response.json() == {"revision": 2, "answered": 0}


def test_autosave_answers_a_conflict_with_both_versions(
    assessment: Any, client_for: Clients
) -> None:
    client = client_for("pp_contributor")
    question = _q("1.1-Q1")
    _autosave(client, assessment, question=question.pk, value="met", comment="First", revision=0)
    response = _autosave(
        client, assessment, question=question.pk, value="not_met", comment="Second", revision=0
    )
    assert response.status_code == 409
    body = json.loads(response.content)
    assert body["mine"] == {"value": "not_met", "comment": "Second", "label": "Not met"}
    assert body["theirs"]["comment"] == "First"
    assert body["theirs"]["label"] == "Met"
    assert body["theirs"]["revision"] == 1
    assert Answer.objects.get().comment == "First"


def test_autosave_refuses_bad_input_with_a_message(assessment: Any, client_for: Clients) -> None:
    client = client_for("pp_contributor")
    question = _q("1.1-Q1")
    response = _autosave(client, assessment, question=question.pk, value="great", revision=0)
    assert response.status_code == 400
    assert response.json()["message"] == (
        "Choose one of met, partially met, not met for question 1.1 (1)"
    )
    response = _autosave(client, assessment, question="x", value="met", revision=0)
    assert response.status_code == 400
    response = _autosave(
        client, assessment, question=question.pk, value="met", comment="a\x00b", revision=0
    )
    assert response.status_code == 400
    assert response.json()["message"] == (
        "The comment on question 1.1 (1) contains a character that cannot be saved "
        "(U+0000, character 2): remove it"
    )
    assert not Answer.objects.exists()


# Check your answers.
def test_check_your_answers_links_to_each_missing_thing(
    assessment: Any, client_for: Clients
) -> None:
    Answer.objects.create(submission=assessment.london, question=_q("1.1-Q2"), value="not_met")
    html = (
        client_for("pp_contributor")
        .get(reverse("assessments:check_answers", args=[assessment.london.pk]))
        .content.decode()
    )
    q2 = _q("1.1-Q2")
    assert "5 things need doing" in html
    assert f'href="{_domain_url(assessment)}#id_q{q2.pk}-actions"' in html
    assert "Add an action to question 1.1 (2): it is not met" in html
    assert "Domain 2: Educational governance" in html


def test_check_your_answers_says_when_nothing_is_missing(
    assessment: Any, client_for: Clients
) -> None:
    for question in assessment.questions:
        Answer.objects.create(
            submission=assessment.london, question=question, value="met", comment="x"
        )
    html = (
        client_for("pp_contributor")
        .get(reverse("assessments:check_answers", args=[assessment.london.pk]))
        .content.decode()
    )
    assert "It can now go to the signatory" in html


# Actions.
@pytest.mark.date_sensitive
def test_add_an_action_saves_the_page_first_then_the_action(
    assessment: Any, client_for: Clients
) -> None:
    client = client_for("pp_contributor")
    question = _q("1.1-Q2")
    data = _page_data(**{"1_1_Q2": ("not_met", "Typed before adding", 0)})
    data["then"] = f"action:{question.pk}"
    response = client.post(_domain_url(assessment), data)
    add = reverse("assessments:action_add", args=[assessment.london.pk, question.pk])
    assert response["Location"] == add
    assert Answer.objects.get().comment == "Typed before adding"
    response = client.post(
        add, {"description": "Set up a log", "owner": "", "due_on": "31/02/2027"}
    )
    html = response.content.decode()
    assert "Enter who owns the action" in html
    assert "Enter the due date as a real date" in html
    assert not Action.objects.exists()
    due = (clock.today() + dt.timedelta(days=60)).isoformat()
    response = client.post(add, {"description": "Set up a log", "owner": "Lead", "due_on": due})
    assert response["Location"] == f"{_domain_url(assessment)}#q{question.pk}"
    action = Action.objects.get()
    assert (action.description, action.owner, action.due_on.isoformat()) == (
        "Set up a log",
        "Lead",
        due,
    )
    edit = reverse("assessments:action_edit", args=[assessment.london.pk, action.pk])
    client.post(edit, {"description": "Set up a log", "owner": "Director", "due_on": due})
    assert Action.objects.get().owner == "Director"
    remove = reverse("assessments:action_remove", args=[assessment.london.pk, action.pk])
    assert "Set up a log" in client.get(remove).content.decode()
    client.post(remove)
    assert not Action.objects.exists()


def test_an_action_of_another_submission_is_not_found(assessment: Any, client_for: Clients) -> None:
    answer = Answer.objects.create(submission=assessment.midlands, question=_q("1.1-Q1"))
    action = Action.objects.create(answer=answer, description="x", owner="y", due_on=clock.today())
    url = reverse("assessments:action_edit", args=[assessment.london.pk, action.pk])
    assert client_for("pp_contributor").get(url).status_code == 404


# Assignment and copying.
def test_the_assignment_page_saves_who_answers_each_domain(
    assessment: Any, client_for: Clients
) -> None:
    contributor = assessment.world.user("pp_contributor")
    url = reverse("assessments:assign", args=[assessment.london.pk])
    response = client_for("admin").post(url, {"domain_2": [str(contributor.pk)]})
    assert response.status_code == 302
    assert list(DomainAssignment.objects.values_list("domain__number", "user_id")) == [
        (2, contributor.pk)
    ]
    response = client_for("admin").post(url, {"domain_1": ["999999"]})
    assert "Choose contributors from the list for domain 1" in response.content.decode()


def test_the_copy_page_copies_last_years_answers(assessment: Any, client_for: Clients) -> None:
    campaign = Campaign.objects.create(
        name="2024/25",
        academic_year=2024,
        framework_version=assessment.version,
        opens_on=dt.date(2024, 9, 1),
        due_on=dt.date(2024, 12, 1),
    )
    last = Submission.objects.create(
        campaign=campaign, organisation=assessment.world.london_pp, due_on=campaign.due_on
    )
    Answer.objects.create(submission=last, question=_q("1.1-Q1"), value="met", comment="2024")
    client = client_for("pp_contributor")
    overview = client.get(reverse("assessments:submission", args=[assessment.london.pk]))
    assert "Copy in last year's answers" in overview.content.decode()
    url = reverse("assessments:copy_previous", args=[assessment.london.pk])
    assert "from 2024/25" in client.get(url).content.decode()
    response = client.post(url, follow=True)
    assert "1 of last year's answers have been copied in" in unescape(response.content.decode())
    answer = Answer.objects.get(submission=assessment.london)
    assert (answer.value, answer.previous_value) == ("met", "met")

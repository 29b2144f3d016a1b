"""The framework pages: reading a version, cloning, changing, mapping and query counts."""

from __future__ import annotations

import html
import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessments.framework.loading import framework_load
from assessments.framework.services import (
    QuestionSettings,
    framework_clone,
    question_add,
    standard_add,
)
from assessments.models import CommentRule, Domain, FrameworkVersion, Question, Standard
from assessments.testing import FRAMEWORK

LIST = reverse("assessments:framework_list")


def _url(name: str, key: str) -> str:
    arg = (
        "code"
        if name in {"detail", "clone", "edit", "mapping", "download", "domain_add"}
        else "ref"
    )
    return reverse(f"assessments:framework_{name}", kwargs={arg: key})


@pytest.fixture
def draft(world) -> FrameworkVersion:
    """An editable copy of the test framework."""
    framework_load(actor=None, data=FRAMEWORK)
    source = FrameworkVersion.objects.get(code="QFTEST")
    return framework_clone(actor=None, source=source, code="QFNEW", name="Next framework")


def _error_links(body: str) -> list[tuple[str, str]]:
    summary = body[body.index("nhsuk-error-summary") :]
    summary = summary[: summary.index("</ul>")]
    links = re.findall(r'<a href="([^"]+)"\s*>\s*([^<]+?)\s*</a>', summary)
    return [(href, html.unescape(text)) for href, text in links]


def _question_data(**overrides: str) -> dict[str, str]:
    data = {"text": "Learners can book study time.", "comment_rule": "optional"}
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def test_the_list_shows_each_version_its_size_origin_and_whether_it_is_frozen(
    assessment, draft, client_for
):
    body = client_for("pp_contributor").get(LIST).content.decode()
    rows = re.findall(r'<tr class="nhsuk-table__row">(.*?)</tr>', body, re.S)
    assert "QFTEST" in rows[0] and "In use: frozen" in rows[0] and "(1 campaign)" in rows[0]
    assert "Loaded from a file" in rows[0]
    assert "QFNEW" in rows[1] and "Editable" in rows[1] and ">QFTEST<" in rows[1]
    numbers = re.findall(r"nhsuk-table__cell--numeric\">(\d+)<", rows[1])
    assert numbers == ["3", "5"]


def test_the_version_page_shows_domains_standards_and_questions_with_their_settings(
    assessment, client_for
):
    body = client_for("regional_lead").get(_url("detail", "QFTEST")).content.decode()
    assert "This version is frozen" in body
    assert "Self-assessment 2025/26 (2025/26)" in body
    assert "Domain 2: Educational governance" in body
    assert "QFTEST-1.2 Learners are treated fairly" in body
    question = body[body.index('id="QFTEST-2.1-Q1"') :]
    question = question[: question.index("</li>")]
    assert "comment required unless met" in question
    assert "Not applicable not allowed" in question
    assert "no evidence files" in body[body.index('id="QFTEST-2.1-Q2"') :]
    assert "Guidance: Say how you know, with an example." in body
    assert "Change" not in question and _url("clone", "QFTEST") not in body


def test_an_administrator_sees_change_links_on_an_editable_version_only(
    assessment, draft, client_for
):
    client = client_for("admin")
    editable = client.get(_url("detail", "QFNEW")).content.decode()
    assert _url("question_edit", "QFNEW-1.1-Q1") in editable
    assert _url("domain_add", "QFNEW") in editable
    assert f'<a href="{_url("detail", "QFTEST")}">QFTEST</a>' in editable
    frozen = client.get(_url("detail", "QFTEST")).content.decode()
    assert _url("question_edit", "QFTEST-1.1-Q1") not in frozen
    assert _url("clone", "QFTEST") in frozen


def test_an_administrator_clones_a_version_and_lands_on_the_copy(assessment, client_for):
    response = client_for("admin").post(
        _url("clone", "QFTEST"), {"code": "qf2026", "name": "Quality framework 2026"}
    )
    assert response.status_code == 302
    assert response["Location"] == _url("detail", "QF2026")
    clone = FrameworkVersion.objects.get(code="QF2026")
    assert clone.based_on == assessment.version
    assert Question.objects.filter(version=clone).count() == 5


def test_a_clone_with_a_taken_code_shows_the_error_against_the_code(assessment, client_for):
    response = client_for("admin").post(_url("clone", "QFTEST"), {"code": "QFTEST", "name": ""})
    body = response.content.decode()
    assert response.status_code == 200
    assert _error_links(body) == [("#id_name", "Enter a name for the new version")]
    response = client_for("admin").post(
        _url("clone", "QFTEST"), {"code": "QFTEST", "name": "Again"}
    )
    assert _error_links(response.content.decode()) == [
        ("#id_code", "There is already a version QFTEST; choose another code")
    ]
    assert FrameworkVersion.objects.count() == 1


def test_an_administrator_changes_a_question_and_its_settings(draft, client_for):
    earlier = Question.objects.get(ref="QFTEST-1.2-Q1")
    response = client_for("admin").post(
        _url("question_edit", "QFNEW-1.1-Q1"),
        _question_data(
            guidance="Think of night shifts.",
            allow_not_applicable="on",
            comment_rule="required_unless_met",
            previous=str(earlier.pk),
        ),
    )
    assert response.status_code == 302
    assert response["Location"] == _url("detail", "QFNEW") + "#QFNEW-1.1-Q1"
    question = Question.objects.get(ref="QFNEW-1.1-Q1")
    assert question.text == "Learners can book study time."
    assert question.allow_not_applicable and not question.evidence_allowed
    assert question.comment_rule == CommentRule.REQUIRED_UNLESS_MET
    assert question.previous == earlier


def test_the_question_form_starts_with_the_current_settings(draft, client_for):
    body = client_for("admin").get(_url("question_edit", "QFNEW-2.1-Q1")).content.decode()
    assert "The board receives education quality reports." in body
    assert re.search(r'value="required_unless_met"\s+checked', body)
    selected = re.search(r'<option value="(\d+)" selected\s*>([^<]+)</option>', body)
    assert selected and html.unescape(selected.group(2)).startswith("QFTEST-2.1-Q1: The board")


def test_a_question_without_wording_is_refused_and_nothing_changes(draft, client_for):
    response = client_for("admin").post(
        _url("question_edit", "QFNEW-1.1-Q1"), _question_data(text="", comment_rule="never")
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert _error_links(body) == [
        ("#id_text", "Enter the question"),
        ("#id_comment_rule", "Choose when a comment is needed"),
    ]
    assert (
        Question.objects.get(ref="QFNEW-1.1-Q1").text
        == "Learners can raise safety concerns safely."
    )


def test_an_administrator_adds_a_domain_a_standard_and_a_question(draft, client_for):
    client = client_for("admin")
    response = client.post(_url("domain_add", "QFNEW"), {"title": "Research", "description": ""})
    assert response["Location"] == _url("detail", "QFNEW") + "#QFNEW-3"
    response = client.post(
        _url("standard_add", "QFNEW-3"), {"title": "Learners do research", "previous": ""}
    )
    assert response["Location"] == _url("detail", "QFNEW") + "#QFNEW-3.1"
    response = client.post(_url("question_add", "QFNEW-3.1"), _question_data(evidence_allowed="on"))
    assert response["Location"] == _url("detail", "QFNEW") + "#QFNEW-3.1-Q1"
    question = Question.objects.get(ref="QFNEW-3.1-Q1")
    assert question.evidence_allowed and question.previous is None
    assert question.domain.ref == "QFNEW-3"


def test_removing_asks_first_then_removes_with_what_is_underneath(draft, client_for):
    client = client_for("admin")
    url = _url("domain_remove", "QFNEW-1")
    body = client.get(url).content.decode()
    assert "Remove domain QFNEW-1?" in body
    assert "Its 2 standards and 3 questions will be removed with it." in body
    assert Domain.objects.filter(ref="QFNEW-1").exists()
    assert client_for("regional_lead").post(url).status_code == 404
    assert client.post(url)["Location"] == _url("detail", "QFNEW")
    assert not Question.objects.filter(ref__startswith="QFNEW-1.").exists()
    assert Question.objects.filter(version=draft).count() == 2


def test_the_removal_page_warns_when_a_later_version_maps_to_the_record(draft, client_for):
    framework_clone(actor=None, source=draft, code="QFLATER", name="Later")
    body = client_for("admin").get(_url("standard_remove", "QFNEW-1.1")).content.decode()
    assert "Later versions map to this" in body
    assert "QFLATER-1.1, QFLATER-1.1-Q1, QFLATER-1.1-Q2" in body


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("edit", "QFTEST"),
        ("domain_add", "QFTEST"),
        ("domain_edit", "QFTEST-1"),
        ("domain_remove", "QFTEST-1"),
        ("standard_add", "QFTEST-1"),
        ("standard_edit", "QFTEST-1.1"),
        ("standard_remove", "QFTEST-1.1"),
        ("question_add", "QFTEST-1.1"),
        ("question_edit", "QFTEST-1.1-Q1"),
        ("question_remove", "QFTEST-1.1-Q1"),
    ],
)
def test_every_change_page_of_a_frozen_version_says_why_and_offers_a_clone(
    assessment, client_for, name, key
):
    client = client_for("admin")
    for response in (
        client.get(_url(name, key)),
        client.post(_url(name, key), {"title": "X", "name": "X", **_question_data()}),
    ):
        body = response.content.decode()
        assert response.status_code == 200
        assert "QFTEST can no longer change" in body
        assert "Clone it to make a new version" in body
        assert _url("clone", "QFTEST") in body
    assert Question.objects.filter(version=assessment.version).count() == 5
    assert Domain.objects.get(ref="QFTEST-1").title == "Learning environment and culture"


def test_only_administrators_may_clone_or_change(draft, client_for):
    client = client_for("pp_executive")
    assert client.post(_url("clone", "QFNEW"), {"code": "QFX", "name": "X"}).status_code == 404
    url = _url("question_edit", "QFNEW-1.1-Q1")
    assert client.post(url, _question_data(text="Hijacked")).status_code == 404
    assert not FrameworkVersion.objects.filter(code="QFX").exists()
    assert Question.objects.get(ref="QFNEW-1.1-Q1").text != "Hijacked"


def test_the_mapping_page_shows_each_counterpart_and_what_was_not_carried_forward(
    draft, client_for
):
    Question.objects.get(ref="QFNEW-1.1-Q2").delete()
    question = Question.objects.get(ref="QFNEW-1.1-Q1")
    question.text = "Learners can raise safety concerns at any time."
    question.save()
    standard = standard_add(actor=None, domain=Domain.objects.get(ref="QFNEW-2"), title="New")
    question_add(actor=None, standard=standard, settings=QuestionSettings(text="Brand new?"))
    body = client_for("pp_contributor").get(_url("mapping", "QFNEW")).content.decode()
    row = body[body.index('id="QFNEW-1.1-Q1"') :]
    row = row[: row.index("</tr>")]
    assert "QFTEST-1.1-Q1" in row
    assert "Worded differently: Learners can raise safety concerns safely." in row
    new_row = body[body.index('id="QFNEW-2.2-Q1"') :]
    assert "None: new in QFNEW" in new_row[: new_row.index("</tr>")]
    carried = body[body.index("Not carried forward") :]
    assert "Question QFTEST-1.1-Q2 Concerns raised by learners are acted on." in carried
    assert "QFTEST-1.1-Q1" not in carried
    assert "?next=mapping" not in body  # readers cannot change the mapping


def test_changing_a_counterpart_from_the_mapping_page_returns_to_it(draft, client_for):
    client = client_for("admin")
    url = _url("standard_edit", "QFNEW-1.1")
    assert f"{url}?next=mapping" in client.get(_url("mapping", "QFNEW")).content.decode()
    assert 'name="next" value="mapping"' in client.get(f"{url}?next=mapping").content.decode()
    response = client.post(url, {"title": "Safety", "previous": "", "next": "mapping"})
    assert response["Location"] == _url("mapping", "QFNEW") + "#QFNEW-1.1"
    assert Standard.objects.get(ref="QFNEW-1.1").previous is None


def test_a_counterpart_in_the_same_version_is_not_offered(draft, client_for):
    own = Standard.objects.get(ref="QFNEW-1.2")
    response = client_for("admin").post(
        _url("standard_edit", "QFNEW-1.1"), {"title": "Safety", "previous": str(own.pk)}
    )
    assert _error_links(response.content.decode()) == [
        ("#id_previous", "Choose a standard from the list")
    ]


def test_a_version_downloads_as_a_data_file(draft, client_for):
    response = client_for("regional_lead").get(_url("download", "QFNEW"))
    assert response["Content-Disposition"] == 'attachment; filename="qfnew.json"'
    data = json.loads(response.content)
    assert data["code"] == "QFNEW"
    assert data["domains"][0]["standards"][0]["previous"] == "QFTEST-1.1"


def _more_versions(source: FrameworkVersion, count: int, start: int) -> None:
    for n in range(start, start + count):
        framework_clone(actor=None, source=source, code=f"QFX{n}", name=f"Extra {n}")


def test_the_list_makes_the_same_number_of_queries_however_many_versions(
    draft, client_for, django_assert_num_queries
):
    client = client_for("admin")
    with CaptureQueriesContext(connection) as few:
        client.get(LIST)
    _more_versions(draft, 4, 1)
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(LIST)
    assert len(response.context["versions"]) == 6
    assert len(few.captured_queries) <= 8


def _grow(version: FrameworkVersion) -> None:
    """Three more standards with three questions each."""
    for domain in Domain.objects.filter(version=version):
        standard = standard_add(actor=None, domain=domain, title="More")
        for n in range(3):
            question_add(actor=None, standard=standard, settings=QuestionSettings(text=f"Q{n}"))


@pytest.mark.parametrize("page", ["detail", "mapping"])
def test_the_version_and_mapping_pages_make_the_same_number_of_queries_however_large(
    draft, client_for, django_assert_num_queries, page
):
    client = client_for("admin")
    with CaptureQueriesContext(connection) as few:
        client.get(_url(page, "QFNEW"))
    _grow(draft)
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(_url(page, "QFNEW"))
    assert response.content.decode().count('id="QFNEW-') >= 2 + 5 + 6
    assert len(few.captured_queries) <= 12

"""The default framework file, the checks on a framework file and the load_framework command."""

from __future__ import annotations

import copy
import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assessments.framework.checks import framework_problems
from assessments.framework.export import framework_export
from assessments.framework.loading import (
    DEFAULT_FRAMEWORK_FILE,
    framework_load,
    framework_load_file,
)
from assessments.framework.services import QuestionSettings, question_update
from assessments.models import Campaign, CommentRule, Domain, FrameworkVersion, Question, Standard
from assessments.testing import FRAMEWORK

DOMAIN_TITLES = [
    "Learning environment and culture",
    "Educational governance and commitment to quality",
    "Developing and supporting learners",
    "Supporting and empowering educators",
    "Delivering programmes and curricula",
    "Developing a sustainable workforce",
]


def _default() -> dict:
    return json.loads(DEFAULT_FRAMEWORK_FILE.read_text(encoding="utf-8"))


def test_the_default_file_has_the_six_domains_and_a_sensible_spread_of_questions():
    data = _default()
    assert framework_problems(data) == []
    assert data["code"] == "QF2021"
    assert [d["title"] for d in data["domains"]] == DOMAIN_TITLES
    questions = [q for d in data["domains"] for s in d["standards"] for q in s["questions"]]
    assert 90 <= len(questions) <= 110
    for domain in data["domains"]:
        assert 3 <= len(domain["standards"]) <= 6
        for standard in domain["standards"]:
            assert 1 <= len(standard["questions"]) <= 3
    assert sum(1 for q in questions if q.get("guidance")) >= 10
    assert sum(1 for q in questions if q.get("allow_not_applicable")) >= 5
    assert {q.get("comment_rule") for q in questions} >= {"required", "required_unless_met"}
    assert sum(1 for q in questions if q.get("evidence_allowed") is False) >= 3
    texts = [q["text"] for q in questions]
    assert len(set(texts)) == len(texts), "no question is asked twice"


@pytest.mark.django_db
def test_the_command_loads_the_default_framework_and_a_second_run_changes_nothing():
    out = StringIO()
    call_command("load_framework", stdout=out)
    assert "QF2021 from qf2021.json: 137 created, 0 updated, 0 unchanged" in out.getvalue()
    assert Question.objects.filter(version__code="QF2021").count() == 97
    assert Standard.objects.get(ref="QF2021-3.2").title == "Supervision and assessment"
    question = Question.objects.get(ref="QF2021-2.1-Q2")
    assert question.comment_rule == CommentRule.REQUIRED
    assert question.domain.number == 2
    out = StringIO()
    call_command("load_framework", str(DEFAULT_FRAMEWORK_FILE), stdout=out)
    assert "0 created, 0 updated, 137 unchanged" in out.getvalue()


@pytest.mark.django_db
def test_load_reference_data_also_loads_the_default_framework():
    out = StringIO()
    call_command("load_reference_data", stdout=out)
    assert "Default quality framework: 137 created" in out.getvalue()
    assert FrameworkVersion.objects.filter(code="QF2021").exists()


def _write(tmp_path: Path, data: object, name: str = "framework.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def _broken(change) -> dict:
    data = copy.deepcopy(FRAMEWORK)
    change(data)
    return data


def _q(data: dict, d: int = 0, s: int = 0, q: int = 0) -> dict:
    return data["domains"][d]["standards"][s]["questions"][q]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d.pop("name"), "The file: 'name' is missing"),
        (lambda d: d.update(code="qf-test"), "The file's code 'qf-test': The code must be"),
        (
            lambda d: d["domains"][1].update(number=1),
            "The file: domain number 1 is used twice",
        ),
        (
            lambda d: d["domains"][0]["standards"][1].update(number=1),
            "Domain QFTEST-1: standard number 1 is used twice",
        ),
        (
            lambda d: _q(d).update(number=2),
            "Standard QFTEST-1.1: question number 2 is used twice",
        ),
        (
            lambda d: _q(d).update(comment_rule="sometimes"),
            "Question QFTEST-1.1-Q1: comment_rule 'sometimes' is not one of optional, "
            "required, required_unless_met",
        ),
        (
            lambda d: _q(d).pop("text"),
            "The 1st question of standard QFTEST-1.1: 'text' is missing",
        ),
        (
            lambda d: _q(d).update(text="Is supervision\x00 recorded?"),
            "Question QFTEST-1.1-Q1: 'text' contains a character that cannot be saved "
            "(U+0000, character 15)",
        ),
        (
            lambda d: _q(d).update(alow_not_applicable=True),
            "The 1st question of standard QFTEST-1.1: 'alow_not_applicable' is not a known key",
        ),
        (
            lambda d: _q(d).update(evidence_allowed="no"),
            "Question QFTEST-1.1-Q1: 'evidence_allowed' must be true or false",
        ),
        (
            lambda d: d["domains"][0]["standards"][0].update(number="one"),
            "The 1st standard of domain QFTEST-1: 'number' must be a whole number from 1 to 999",
        ),
        (
            lambda d: d["domains"][1].update(standards=[]),
            "Domain QFTEST-2: 'standards' must be a list with at least one standard",
        ),
        (
            lambda d: d["domains"][0]["standards"][0].update(previous="QF1999-1.1"),
            "Standard QFTEST-1.1: previous 'QF1999-1.1' is not a standard of any loaded version",
        ),
        (
            lambda d: _q(d, 1).update(previous="QFTEST-1.1-Q1"),
            "Question QFTEST-2.1-Q1: previous 'QFTEST-1.1-Q1' is in this version",
        ),
    ],
)
@pytest.mark.django_db
def test_a_malformed_file_is_refused_naming_where_the_problem_is(tmp_path, change, message):
    path = _write(tmp_path, _broken(change))
    with pytest.raises(CommandError) as refused:
        call_command("load_framework", str(path), stdout=StringIO())
    assert message in str(refused.value)
    assert "framework.json was not loaded" in str(refused.value)
    assert not FrameworkVersion.objects.exists()


@pytest.mark.django_db
def test_every_problem_of_a_file_is_listed_at_once(tmp_path):
    def several(data: dict) -> None:
        data.pop("name")
        _q(data).update(comment_rule="never")
        data["domains"][1]["number"] = 1

    with pytest.raises(ValidationError) as refused:
        framework_load_file(actor=None, path=_write(tmp_path, _broken(several)))
    assert len(refused.value.messages) == 3


@pytest.mark.django_db
def test_a_file_that_is_not_json_is_refused_with_the_position(tmp_path):
    path = tmp_path / "broken.json"
    path.write_text('{"code": "QF1",', encoding="utf-8")
    with pytest.raises(CommandError, match=r"broken.json is not valid JSON: .*line 1"):
        call_command("load_framework", str(path))


@pytest.mark.django_db
def test_a_missing_file_is_refused():
    with pytest.raises(CommandError, match="cannot be read"):
        call_command("load_framework", "/no/such/framework.json")


@pytest.mark.django_db
def test_several_files_load_in_order_so_a_later_one_can_map_to_an_earlier_one(tmp_path):
    later = copy.deepcopy(FRAMEWORK)
    later["code"] = "QFNEXT"
    later["domains"][0]["standards"][0]["previous"] = "QFTEST-1.1"
    _q(later)["previous"] = "QFTEST-1.1-Q1"
    first, second = _write(tmp_path, FRAMEWORK, "a.json"), _write(tmp_path, later, "b.json")
    out = StringIO()
    call_command("load_framework", str(first), str(second), stdout=out)
    assert "QFTEST from a.json: 11 created" in out.getvalue()
    assert Question.objects.filter(ref="QFNEXT-1.1-Q1", previous__ref="QFTEST-1.1-Q1").exists()


@pytest.mark.django_db
def test_when_one_file_is_refused_none_of_the_files_is_loaded(tmp_path):
    bad = _broken(lambda d: d.update(code="QFBAD", name=""))
    with pytest.raises(CommandError, match="'name' must be text that is not empty"):
        call_command(
            "load_framework",
            str(_write(tmp_path, FRAMEWORK, "a.json")),
            str(_write(tmp_path, bad, "b.json")),
        )
    assert not FrameworkVersion.objects.exists()


def test_the_command_refuses_to_change_a_version_in_use(assessment, tmp_path):
    changed = _broken(lambda d: _q(d).update(text="Reworded after the campaign opened."))
    with pytest.raises(CommandError, match="QFTEST is used by a campaign"):
        call_command("load_framework", str(_write(tmp_path, changed)))
    assert Question.objects.get(ref="QFTEST-1.1-Q1").text != "Reworded after the campaign opened."
    assert Campaign.objects.filter(framework_version__code="QFTEST").exists()


@pytest.mark.django_db
def test_a_downloaded_version_loads_back_unchanged(tmp_path):
    framework_load_file(actor=None, path=DEFAULT_FRAMEWORK_FILE)
    version = FrameworkVersion.objects.get(code="QF2021")
    exported = framework_export(version)
    assert exported == _default()
    assert framework_load(actor=None, data=exported).unchanged == 137
    assert Domain.objects.filter(version=version).count() == 6


@pytest.mark.django_db
def test_rerunning_an_unchanged_file_is_answered_in_a_few_queries(tmp_path):
    explicit = copy.deepcopy(FRAMEWORK)
    for domain in explicit["domains"]:
        for standard in domain["standards"]:
            for question in standard["questions"]:
                question.setdefault("guidance", "")
                question.setdefault("comment_rule", "optional")
                question.setdefault("evidence_allowed", True)
    framework_load_file(actor=None, path=_write(tmp_path, FRAMEWORK))
    with CaptureQueriesContext(connection) as queries:
        summary = framework_load_file(actor=None, path=_write(tmp_path, explicit, "explicit.json"))
    assert (summary.created, summary.updated, summary.unchanged) == ([], [], 11)
    assert len(queries.captured_queries) <= 6


@pytest.mark.django_db
def test_reloading_the_file_puts_back_wording_changed_on_the_web():
    call_command("load_framework", stdout=StringIO())
    question = Question.objects.get(ref="QF2021-1.1-Q1")
    original = question.text
    question_update(actor=None, question=question, settings=QuestionSettings(text="Web edit."))
    out = StringIO()
    call_command("load_framework", stdout=out)
    assert "0 created, 1 updated, 136 unchanged" in out.getvalue()
    assert Question.objects.get(ref="QF2021-1.1-Q1").text == original

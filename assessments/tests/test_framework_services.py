"""Cloning a framework version and changing one that no campaign uses yet."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError

from assessments.framework.loading import framework_load
from assessments.framework.services import (
    QuestionSettings,
    domain_add,
    domain_remove,
    domain_update,
    framework_clone,
    framework_update,
    question_add,
    question_remove,
    question_update,
    standard_add,
    standard_remove,
    standard_update,
)
from assessments.models import CommentRule, Domain, FrameworkVersion, Question, Standard
from assessments.testing import FRAMEWORK


@pytest.fixture
def source(db) -> FrameworkVersion:
    framework_load(actor=None, data=FRAMEWORK)
    return FrameworkVersion.objects.get(code="QFTEST")


@pytest.fixture
def draft(source) -> FrameworkVersion:
    return framework_clone(actor=None, source=source, code="QFNEW", name="Next framework")


def test_a_clone_copies_everything_under_the_new_code_and_maps_each_record_to_its_original(
    source, draft
):
    assert draft.based_on == source
    assert draft.description == source.description
    assert Domain.objects.filter(version=draft).count() == 2
    pairs = dict(Question.objects.filter(version=draft).values_list("ref", "previous__ref"))
    assert pairs == {
        "QFNEW-1.1-Q1": "QFTEST-1.1-Q1",
        "QFNEW-1.1-Q2": "QFTEST-1.1-Q2",
        "QFNEW-1.2-Q1": "QFTEST-1.2-Q1",
        "QFNEW-2.1-Q1": "QFTEST-2.1-Q1",
        "QFNEW-2.1-Q2": "QFTEST-2.1-Q2",
    }
    copied = Question.objects.get(ref="QFNEW-2.1-Q1")
    assert copied.comment_rule == CommentRule.REQUIRED_UNLESS_MET
    assert copied.domain.ref == "QFNEW-2" and copied.standard.ref == "QFNEW-2.1"
    assert Question.objects.get(ref="QFNEW-2.1-Q2").evidence_allowed is False
    assert Question.objects.get(ref="QFNEW-1.2-Q1").allow_not_applicable is True
    assert Question.objects.get(ref="QFNEW-1.1-Q2").guidance == "Say how you know, with an example."
    assert Standard.objects.filter(ref="QFNEW-1.2", previous__ref="QFTEST-1.2").exists()
    # The original is untouched.
    assert Question.objects.filter(version=source).count() == 5


@pytest.mark.parametrize(
    ("code", "name", "field", "message"),
    [
        ("QFTEST", "Again", "code", "There is already a version QFTEST"),
        ("qf-26", "Bad code", "code", "2 to 16 capital letters and digits"),
        ("QF2026", "  ", "name", "Enter a name for the new version"),
    ],
)
def test_a_clone_needs_a_new_valid_code_and_a_name(source, code, name, field, message):
    with pytest.raises(ValidationError) as refused:
        framework_clone(actor=None, source=source, code=code, name=name)
    assert message in refused.value.message_dict[field][0]
    assert FrameworkVersion.objects.count() == 1


def test_a_lower_case_code_is_taken_in_capitals(source):
    assert framework_clone(actor=None, source=source, code=" qf2026 ", name="N").code == "QF2026"


def test_added_records_take_the_next_number_and_keep_everyone_elses_reference(draft):
    domain = domain_add(actor=None, version=draft, title="Research", description="")
    assert (domain.number, domain.ref) == (3, "QFNEW-3")
    standard = standard_add(actor=None, domain=domain, title="Learners take part in research")
    assert standard.ref == "QFNEW-3.1"
    question = question_add(
        actor=None,
        standard=standard,
        settings=QuestionSettings(text="Learners can join a research project.", guidance="G"),
    )
    assert (question.ref, question.version, question.domain) == ("QFNEW-3.1-Q1", draft, domain)
    second = question_add(
        actor=None, standard=standard, settings=QuestionSettings(text="Another question.")
    )
    assert second.ref == "QFNEW-3.1-Q2"
    question_remove(actor=None, question=question)
    third = question_add(actor=None, standard=standard, settings=QuestionSettings(text="Third."))
    assert third.ref == "QFNEW-3.1-Q3"
    assert Question.objects.get(pk=second.pk).ref == "QFNEW-3.1-Q2"


def test_removing_a_domain_removes_its_standards_and_questions_only(draft):
    domain_remove(actor=None, domain=Domain.objects.get(ref="QFNEW-1"))
    assert list(Question.objects.filter(version=draft).values_list("ref", flat=True)) == [
        "QFNEW-2.1-Q1",
        "QFNEW-2.1-Q2",
    ]
    assert domain_add(actor=None, version=draft, title="Again").number == 3


def test_a_removed_standard_takes_its_questions_and_the_others_keep_their_numbers(draft):
    standard_remove(actor=None, standard=Standard.objects.get(ref="QFNEW-1.1"))
    assert set(Standard.objects.filter(domain__version=draft).values_list("ref", flat=True)) == {
        "QFNEW-1.2",
        "QFNEW-2.1",
    }
    assert not Question.objects.filter(ref__startswith="QFNEW-1.1-").exists()


def test_a_question_keeps_its_reference_when_its_wording_and_settings_change(draft):
    question = Question.objects.get(ref="QFNEW-1.1-Q1")
    earlier = Question.objects.get(ref="QFTEST-1.2-Q1")
    question_update(
        actor=None,
        question=question,
        settings=QuestionSettings(
            text="  Learners can raise concerns at any hour.  ",
            guidance="Nights too.",
            allow_not_applicable=True,
            comment_rule=CommentRule.REQUIRED,
            evidence_allowed=False,
            previous=earlier,
        ),
    )
    question.refresh_from_db()
    assert question.ref == "QFNEW-1.1-Q1"
    assert question.text == "Learners can raise concerns at any hour."
    assert (question.allow_not_applicable, question.comment_rule, question.evidence_allowed) == (
        True,
        "required",
        False,
    )
    assert question.previous == earlier


def test_version_domain_and_standard_wording_can_change(draft):
    framework_update(actor=None, version=draft, name="Renamed", description="Why it changed")
    draft.refresh_from_db()
    assert (draft.name, draft.description, draft.code) == ("Renamed", "Why it changed", "QFNEW")
    domain = Domain.objects.get(ref="QFNEW-2")
    domain_update(actor=None, domain=domain, title="Governance", description="d")
    assert Domain.objects.get(ref="QFNEW-2").title == "Governance"
    standard = Standard.objects.get(ref="QFNEW-1.1")
    standard_update(actor=None, standard=standard, title="Safe", description="", previous=None)
    standard.refresh_from_db()
    assert (standard.title, standard.previous) == ("Safe", None)


@pytest.mark.parametrize(
    ("field", "call"),
    [
        ("name", lambda v: framework_update(actor=None, version=v, name=" ", description="")),
        ("title", lambda v: domain_add(actor=None, version=v, title="")),
        (
            "text",
            lambda v: question_add(
                actor=None,
                standard=Standard.objects.get(ref="QFNEW-1.1"),
                settings=QuestionSettings(text="   "),
            ),
        ),
        (
            "comment_rule",
            lambda v: question_add(
                actor=None,
                standard=Standard.objects.get(ref="QFNEW-1.1"),
                settings=QuestionSettings(text="Fine.", comment_rule="sometimes"),
            ),
        ),
    ],
)
def test_empty_wording_or_an_unknown_comment_rule_is_refused_naming_the_field(draft, field, call):
    with pytest.raises(ValidationError) as refused:
        call(draft)
    assert field in refused.value.message_dict
    assert Question.objects.filter(version=draft).count() == 5
    assert Domain.objects.filter(version=draft).count() == 2


def test_an_earlier_counterpart_must_be_in_another_version(draft):
    question = Question.objects.get(ref="QFNEW-1.1-Q1")
    same_version = Question.objects.get(ref="QFNEW-1.1-Q2")
    with pytest.raises(ValidationError, match="earlier version, not one of this version"):
        question_update(
            actor=None,
            question=question,
            settings=QuestionSettings(text="X", previous=same_version),
        )
    standard = Standard.objects.get(ref="QFNEW-1.1")
    with pytest.raises(ValidationError, match="earlier version"):
        standard_update(
            actor=None,
            standard=standard,
            title="X",
            description="",
            previous=Standard.objects.get(ref="QFNEW-1.2"),
        )
    question.refresh_from_db()
    assert question.previous == Question.objects.get(ref="QFTEST-1.1-Q1")


def _every_edit(version: FrameworkVersion) -> list[Callable[[], object]]:
    code = version.code
    domain = Domain.objects.get(ref=f"{code}-1")
    standard = Standard.objects.get(ref=f"{code}-1.1")
    question = Question.objects.get(ref=f"{code}-1.1-Q1")
    settings = QuestionSettings(text="Changed.")
    return [
        lambda: framework_update(actor=None, version=version, name="X", description=""),
        lambda: domain_add(actor=None, version=version, title="X"),
        lambda: domain_update(actor=None, domain=domain, title="X", description=""),
        lambda: standard_add(actor=None, domain=domain, title="X"),
        lambda: standard_update(
            actor=None, standard=standard, title="X", description="", previous=None
        ),
        lambda: question_add(actor=None, standard=standard, settings=settings),
        lambda: question_update(actor=None, question=question, settings=settings),
        # Removals last: each takes the records below it away.
        lambda: question_remove(actor=None, question=question),
        lambda: standard_remove(actor=None, standard=standard),
        lambda: domain_remove(actor=None, domain=domain),
    ]


def test_every_change_to_a_version_used_by_a_campaign_is_refused_with_advice_to_clone(
    assessment,
):
    version = assessment.version
    before = sorted(Question.objects.filter(version=version).values_list("ref", "text"))
    for edit in _every_edit(version):
        with pytest.raises(ValidationError, match=r"QFTEST is used by a campaign.*Clone it"):
            edit()
    assert sorted(Question.objects.filter(version=version).values_list("ref", "text")) == before
    assert Domain.objects.get(ref="QFTEST-1").title == "Learning environment and culture"


def test_a_clone_of_a_frozen_version_can_be_changed(assessment):
    clone = framework_clone(actor=None, source=assessment.version, code="QF2026", name="2026")
    for edit in _every_edit(clone):
        edit()
    assert not Domain.objects.filter(ref="QF2026-1").exists()


def test_changes_are_recorded_in_the_audit_log_with_who_made_them(draft, world):
    admin = world.user("admin")
    question = Question.objects.get(ref="QFNEW-1.1-Q1")
    question_update(actor=admin, question=question, settings=QuestionSettings(text="Reworded."))
    entry = LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Question), object_id=question.pk
    ).latest("timestamp")
    assert entry.actor == admin
    assert entry.changes["text"][1] == "Reworded."
    clone = framework_clone(actor=admin, source=draft, code="QFAUDIT", name="Audited")
    created = LogEntry.objects.filter(
        actor=admin, action=LogEntry.Action.CREATE, additional_data__cloned_from="QFNEW"
    )
    assert created.count() == 1 + 2 + 3 + 5
    assert clone.based_on == draft

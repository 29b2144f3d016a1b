"""Each self-assessment service checks its actor itself, so a command or a direct call meets
the same rule as the page: someone who may not is refused and nothing changes."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied

from accounts.models import User
from assessments.campaigns.services import campaign_open, submission_extend
from assessments.framework.export import framework_export
from assessments.framework.loading import (
    framework_load,
    framework_load_checked,
    framework_load_file,
)
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
from assessments.models import (
    Campaign,
    Domain,
    FrameworkVersion,
    Question,
    Standard,
    Submission,
    SubmissionEvent,
)
from assessments.testing import FRAMEWORK

pytestmark = pytest.mark.django_db

FRAMEWORK_REFUSAL = "Only quality administrators change the quality framework"
CAMPAIGN_REFUSAL = "Only quality administrators open campaigns and give providers extensions"
# People with a role in the self-assessment (or none) who may still not change these.
MAY_NOT = ["regional_lead", "pp_contributor", "pp_executive", "no_role"]


def _framework() -> list[list[tuple[Any, ...]]]:
    return [
        list(model.objects.order_by("pk").values_list())
        for model in (FrameworkVersion, Domain, Standard, Question)
    ]


def _campaigns() -> list[list[tuple[Any, ...]]]:
    return [
        list(model.objects.order_by("pk").values_list())
        for model in (Campaign, Submission, SubmissionEvent)
    ]


@pytest.fixture
def draft(assessment: Any) -> FrameworkVersion:
    """A version no campaign uses, so only the actor's right stands in the way."""
    return framework_clone(actor=None, source=assessment.version, code="QFNEW", name="Next")


def _framework_changes(draft: FrameworkVersion) -> dict[str, Callable[[User], Any]]:
    domain = draft.domains.get(number=1)
    standard = Standard.objects.get(domain=domain, number=1)
    question = Question.objects.get(standard=standard, number=1)
    settings = QuestionSettings(text="Reworded.")
    return {
        "clone": lambda actor: framework_clone(
            actor=actor, source=draft, code="QFOTHER", name="Other"
        ),
        "update": lambda actor: framework_update(
            actor=actor, version=draft, name="Renamed", description=""
        ),
        "domain_add": lambda actor: domain_add(actor=actor, version=draft, title="Research"),
        "domain_update": lambda actor: domain_update(
            actor=actor, domain=domain, title="Renamed", description=""
        ),
        "domain_remove": lambda actor: domain_remove(actor=actor, domain=domain),
        "standard_add": lambda actor: standard_add(actor=actor, domain=domain, title="New"),
        "standard_update": lambda actor: standard_update(
            actor=actor, standard=standard, title="Renamed", description="", previous=None
        ),
        "standard_remove": lambda actor: standard_remove(actor=actor, standard=standard),
        "question_add": lambda actor: question_add(
            actor=actor, standard=standard, settings=settings
        ),
        "question_update": lambda actor: question_update(
            actor=actor, question=question, settings=settings
        ),
        "question_remove": lambda actor: question_remove(actor=actor, question=question),
    }


CHANGES = [
    "clone",
    "update",
    "domain_add",
    "domain_update",
    "domain_remove",
    "standard_add",
    "standard_update",
    "standard_remove",
    "question_add",
    "question_update",
    "question_remove",
]


@pytest.mark.parametrize("change", CHANGES)
@pytest.mark.parametrize("persona", MAY_NOT)
def test_framework_changes_are_refused_to_whoever_may_not_manage_it(
    assessment: Any, draft: FrameworkVersion, change: str, persona: str
) -> None:
    call = _framework_changes(draft)[change]
    before, entries = _framework(), LogEntry.objects.count()
    with pytest.raises(PermissionDenied, match=FRAMEWORK_REFUSAL):
        call(assessment.world.user(persona))
    assert _framework() == before
    assert LogEntry.objects.count() == entries


def test_the_same_changes_are_allowed_to_an_administrator(
    assessment: Any, draft: FrameworkVersion
) -> None:
    admin = assessment.world.user("admin")
    changes = _framework_changes(draft)
    for change in ("clone", "update", "domain_update", "standard_update", "question_update"):
        changes[change](admin)
    assert FrameworkVersion.objects.get(pk=draft.pk).name == "Renamed"
    assert FrameworkVersion.objects.filter(code="QFOTHER").exists()


@pytest.mark.parametrize("persona", MAY_NOT)
def test_loading_a_framework_is_refused_to_whoever_may_not_manage_it(
    assessment: Any, persona: str
) -> None:
    data = {**FRAMEWORK, "code": "QFLOADED", "name": "Loaded"}
    before, entries = _framework(), LogEntry.objects.count()
    actor = assessment.world.user(persona)
    with pytest.raises(PermissionDenied, match=FRAMEWORK_REFUSAL):
        framework_load(actor=actor, data=data)
    with pytest.raises(PermissionDenied, match=FRAMEWORK_REFUSAL):
        framework_load_checked(actor=actor, data=data, source="upload.json")
    assert _framework() == before
    assert LogEntry.objects.count() == entries


def test_loading_a_file_is_refused_to_a_regional_lead(assessment: Any, tmp_path: Path) -> None:
    path = tmp_path / "qfloaded.json"
    path.write_text(json.dumps({**framework_export(assessment.version), "code": "QFLOADED"}))
    before = _framework()
    with pytest.raises(PermissionDenied, match=FRAMEWORK_REFUSAL):
        framework_load_file(actor=assessment.world.user("regional_lead"), path=path)
    assert _framework() == before


@pytest.mark.parametrize("persona", MAY_NOT)
def test_opening_a_campaign_is_refused_to_whoever_may_not_manage_campaigns(
    assessment: Any, persona: str
) -> None:
    before, entries = _campaigns(), LogEntry.objects.count()
    with pytest.raises(PermissionDenied, match=CAMPAIGN_REFUSAL):
        campaign_open(
            actor=assessment.world.user(persona),
            name="Self-assessment 2026/27",
            academic_year=2026,
            framework_version=assessment.version,
            provider_types=[],
            region_ids=[],
            opens_on=dt.date(2026, 9, 1),
            due_on=dt.date(2026, 12, 1),
            notify=False,
        )
    assert _campaigns() == before
    assert LogEntry.objects.count() == entries


@pytest.mark.parametrize("persona", MAY_NOT)
def test_an_extension_is_refused_to_whoever_may_not_manage_campaigns(
    assessment: Any, persona: str
) -> None:
    submission = assessment.london
    before, entries = _campaigns(), LogEntry.objects.count()
    with pytest.raises(PermissionDenied, match=CAMPAIGN_REFUSAL):
        submission_extend(
            actor=assessment.world.user(persona),
            submission=submission,
            due_on=submission.due_on + dt.timedelta(days=14),
            reason="Board meeting moved",
        )
    assert _campaigns() == before
    assert LogEntry.objects.count() == entries

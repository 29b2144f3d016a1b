"""The self-assessment's foundations: loading a framework version and who sees what."""

from __future__ import annotations

import copy

import pytest
from django.core.exceptions import ValidationError

from assessments.framework.loading import framework_load
from assessments.models import Domain, FrameworkVersion, Question, Standard
from assessments.selectors import submissions_visible_to
from assessments.testing import FRAMEWORK


@pytest.mark.django_db
def test_loading_a_framework_creates_stable_references_and_a_second_run_changes_nothing():
    first = framework_load(actor=None, data=FRAMEWORK)
    assert len(first.created) == 1 + 2 + 3 + 5
    assert Standard.objects.get(ref="QFTEST-1.2").title == "Learners are treated fairly"
    question = Question.objects.get(ref="QFTEST-2.1-Q1")
    assert question.domain.number == 2
    assert question.version.code == "QFTEST"
    again = framework_load(actor=None, data=FRAMEWORK)
    assert (again.created, again.updated, again.unchanged) == ([], [], 11)


@pytest.mark.django_db
def test_a_changed_wording_updates_the_record_in_place():
    framework_load(actor=None, data=FRAMEWORK)
    data = copy.deepcopy(FRAMEWORK)
    data["domains"][0]["title"] = "Learning environment"
    summary = framework_load(actor=None, data=data)
    assert len(summary.updated) == 1
    assert Domain.objects.get(ref="QFTEST-1").title == "Learning environment"


def test_a_version_used_by_a_campaign_refuses_changes_and_writes_nothing(assessment):
    data = copy.deepcopy(FRAMEWORK)
    data["domains"][1]["standards"][0]["questions"].append({"number": 3, "text": "New?"})
    with pytest.raises(ValidationError, match="used by a campaign"):
        framework_load(actor=None, data=data)
    assert not Question.objects.filter(ref="QFTEST-2.1-Q3").exists()
    # Loading it unchanged is still fine.
    assert framework_load(actor=None, data=FRAMEWORK).unchanged == 11


@pytest.mark.django_db
def test_previous_names_an_earlier_version_for_comparison_and_must_exist():
    framework_load(actor=None, data=FRAMEWORK)
    data = copy.deepcopy(FRAMEWORK)
    data["code"] = "QFNEXT"
    data["domains"][0]["standards"][0]["previous"] = "QFTEST-1.1"
    data["domains"][0]["standards"][0]["questions"][0]["previous"] = "QFTEST-1.1-Q1"
    framework_load(actor=None, data=data)
    standard = Standard.objects.select_related("previous").get(ref="QFNEXT-1.1")
    question = Question.objects.select_related("previous").get(ref="QFNEXT-1.1-Q1")
    assert standard.previous is not None and standard.previous.ref == "QFTEST-1.1"
    assert question.previous is not None and question.previous.ref == "QFTEST-1.1-Q1"
    data["code"] = "QFBAD"
    data["domains"][0]["standards"][0]["previous"] = "QFTEST-9.9"
    with pytest.raises(ValidationError, match=r"QFTEST-9\.9"):
        framework_load(actor=None, data=data)
    assert not FrameworkVersion.objects.filter(code="QFBAD").exists()


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("admin", {"london", "midlands"}),
        ("regional_lead", {"london"}),
        ("pp_contributor", {"london"}),
        ("pp_executive", {"london"}),
        ("contract_manager", set()),
        ("ep_lead", set()),
        ("panel_member", set()),
        ("no_role", set()),
    ],
)
def test_each_persona_sees_only_the_submissions_their_roles_reach(assessment, persona, expected):
    names = {assessment.london.pk: "london", assessment.midlands.pk: "midlands"}
    visible = submissions_visible_to(assessment.world.user(persona))
    assert {names[pk] for pk in visible.values_list("pk", flat=True)} == expected


def test_the_start_page_lists_the_open_submissions_the_user_can_see(assessment, client_for):
    body = client_for("pp_contributor").get("/self-assessment/").content.decode()
    assert "Thameside Hospitals NHS Trust" in body
    assert "Trentbridge Healthcare NHS Trust" not in body
    nav = client_for("regional_lead").get("/").content.decode()
    assert 'href="/self-assessment/"' in nav
    assert 'href="/self-assessment/"' not in client_for("ep_lead").get("/").content.decode()


@pytest.mark.parametrize(
    ("persona", "present", "absent"),
    [
        ("admin", {"campaigns/", "review/", "framework/"}, set()),
        ("regional_lead", {"campaigns/", "review/"}, {"framework/"}),
        ("pp_contributor", set(), {"campaigns/", "review/", "framework/"}),
        ("pp_executive", set(), {"campaigns/", "review/", "framework/"}),
    ],
)
def test_the_start_page_links_to_each_part_the_user_may_use(
    assessment, client_for, persona, present, absent
):
    body = client_for(persona).get("/self-assessment/").content.decode()
    links = {
        path
        for path in ("campaigns/", "submissions/review/", "framework/")
        if f'href="/self-assessment/{path}"' in body
    }
    wanted = {"review/": "submissions/review/"}
    assert links >= {wanted.get(path, path) for path in present}
    assert not links & {wanted.get(path, path) for path in absent}
    assert 'href="/self-assessment/public/reports/"' in body
    if persona == "pp_contributor":
        submission = assessment.london
        assert f'href="/self-assessment/submissions/{submission.pk}/"' in body

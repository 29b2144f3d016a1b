"""The domain page in a real browser: answers save as they are given, a conflict shows both
versions, and a typed comment survives a failed save and a reload."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import Browser, Page, expect

from assessments.form.services import answer_save
from assessments.models import Answer, Question
from core.testing.browser import ConsoleErrors, axe_violations, new_context

pytestmark = pytest.mark.browser


def _open(browser: Browser, live_server: Any, assessment: Any) -> Page:
    context = new_context(browser, live_server.url, user=assessment.world.user("pp_contributor"))
    page = context.new_page()
    page.goto(reverse("assessments:form_domain", args=[assessment.london.pk, 1]))
    return page


def test_answering_with_javascript_saves_without_a_page_load(
    browser: Browser, live_server: Any, assessment: Any
) -> None:
    page = _open(browser, live_server, assessment)
    console = ConsoleErrors()
    console.watch(page)
    page.evaluate("window.samePage = true")
    question = Question.objects.get(ref="QFTEST-1.1-Q2")
    section = page.locator(f"#q{question.pk}")
    section.get_by_label("Partially met").check()
    expect(section.locator("[data-status]")).to_have_text("Saved")
    expect(page.locator("[data-progress]")).to_have_text(
        "1 of 3 questions answered in this domain."
    )
    section.get_by_label("Comment (optional)").fill("Two wards still need a lead")
    section.get_by_label("Comment (optional)").press("Tab")
    expect(section.locator("[data-status]")).to_have_text("Saved")
    assert page.evaluate("window.samePage") is True
    answer = Answer.objects.get(submission=assessment.london, question=question)
    assert (answer.value, answer.comment, answer.revision) == (
        "partially_met",
        "Two wards still need a lead",
        2,
    )
    assert axe_violations(page) == []
    assert console.messages == []
    page.context.close()


def test_a_conflict_shows_both_versions(
    browser: Browser, live_server: Any, assessment: Any
) -> None:
    page = _open(browser, live_server, assessment)
    question = Question.objects.get(ref="QFTEST-1.1-Q1")
    answer_save(
        actor=assessment.world.user("pp_contributor"),
        submission=assessment.london,
        question=question,
        value="met",
        comment="Saved by a colleague",
        revision=0,
    )
    section = page.locator(f"#q{question.pk}")
    section.get_by_label("Not met").check()
    conflict = section.locator("[data-conflict]")
    expect(conflict).to_contain_text("Someone else changed this answer")
    expect(conflict).to_contain_text("Met: “Saved by a colleague”")
    expect(conflict).to_contain_text("Not met")
    assert Answer.objects.get().value == "met"
    conflict.get_by_role("button", name="Keep my answer").click()
    expect(section.locator("[data-status]")).to_have_text("Saved")
    assert Answer.objects.get().value == "not_met"
    page.context.close()


def test_a_typed_comment_survives_a_failed_save_and_a_reload(
    browser: Browser, live_server: Any, assessment: Any
) -> None:
    page = _open(browser, live_server, assessment)
    question = Question.objects.get(ref="QFTEST-1.1-Q1")
    section = page.locator(f"#q{question.pk}")
    comment = section.get_by_label("Comment (optional)")
    page.route("**/answer/", lambda route: route.abort())
    comment.fill("Every ward has a named safety lead")
    comment.press("Tab")
    expect(section.locator("[data-status]")).to_contain_text("Not saved")
    page.unroute("**/answer/")
    page.reload()
    section = page.locator(f"#q{question.pk}")
    expect(section.get_by_label("Comment (optional)")).to_have_value(
        "Every ward has a named safety lead"
    )
    expect(section.locator("[data-status]")).to_contain_text("not saved yet")
    assert not Answer.objects.exists()
    # Without JavaScript's help the restored comment is saved with the page.
    page.get_by_role("button", name="Save", exact=True).click()
    page.wait_for_load_state()
    assert Answer.objects.get().comment == "Every ward has a named safety lead"
    page.context.close()

"""The whole self-assessment in a real browser, each step by the person who does it: the
contributor answers one domain with JavaScript (each answer saved as it is given) and the
other without (saved with the page), checks the answers and sends them to the executive,
who signs off; the regional lead records a concern on an answer; the administrator
publishes the national report, which anyone can then read."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import Browser, Page, expect

from assessments.models import (
    Answer,
    NationalReport,
    Question,
    ReportStatus,
    ReviewNote,
    SubmissionStatus,
)
from assessments.signoff.services import signoff_verify
from core.testing.browser import ConsoleErrors, new_context

pytestmark = pytest.mark.browser


def _page(browser: Browser, live_server: Any, user: Any, *, javascript: bool = True) -> Page:
    context = new_context(browser, live_server.url, user=user, javascript=javascript)
    return context.new_page()


def test_from_the_first_answer_to_the_published_national_report(
    browser: Browser, live_server: Any, assessment: Any
) -> None:
    # Long on purpose: one journey end to end, from the first answer to the public report.
    world = assessment.world
    submission = assessment.london
    questions = list(Question.objects.filter(version=assessment.version).order_by("ref"))
    first_domain = [q for q in questions if q.domain.number == 1]
    second_domain = [q for q in questions if q.domain.number == 2]
    errors = ConsoleErrors()

    # Domain 1 with JavaScript: every answer is saved without a page load.
    page = errors.watch(_page(browser, live_server, world.user("pp_contributor")))
    page.goto(reverse("assessments:form_domain", args=[submission.pk, 1]))
    for question in first_domain:
        section = page.locator(f"#q{question.pk}")
        section.get_by_label("Met", exact=True).check()
        expect(section.locator("[data-status]")).to_have_text("Saved")
    assert Answer.objects.filter(submission=submission, value="met").count() == len(first_domain)
    page.context.close()

    # Domain 2 without JavaScript: the answers are saved when the page is sent.
    page = _page(browser, live_server, world.user("pp_contributor"), javascript=False)
    page.goto(reverse("assessments:form_domain", args=[submission.pk, 2]))
    for question in second_domain:
        page.locator(f"#q{question.pk}").get_by_label("Met", exact=True).check()
    page.get_by_role("button", name="Save and continue").click()
    page.wait_for_load_state()
    expect(page).to_have_url(
        live_server.url + reverse("assessments:check_answers", args=[submission.pk])
    )
    page.get_by_role("link", name="Send to the signatory").click()
    executive = world.user("pp_executive")
    page.get_by_label(f"{executive.full_name} ({executive.email})").check()
    page.get_by_role("button", name="Send for sign-off").click()
    page.wait_for_load_state()
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.WITH_SIGNATORY
    page.context.close()

    # The executive signs off.
    page = _page(browser, live_server, executive, javascript=False)
    page.goto(reverse("assessments:sign", args=[submission.pk]))
    page.get_by_label("I confirm the declaration above").check()
    page.get_by_role("button", name="Sign off and submit").click()
    page.wait_for_load_state()
    expect(page.locator("main")).to_contain_text("The content hash is")
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.SUBMITTED
    assert signoff_verify(submission.sign_offs.get())
    page.context.close()

    # The regional lead records a concern against one answer.
    concern_on = first_domain[0]
    page = errors.watch(_page(browser, live_server, world.user("regional_lead")))
    page.goto(reverse("assessments:review", args=[submission.pk]))
    page.get_by_role("link", name=f"Add a note on {concern_on.ref}").click()
    page.get_by_role("group", name=f"What kind of note is it on {concern_on.ref}?").get_by_label(
        "Record a concern (for the quality register)"
    ).check()
    page.get_by_label(f"Note on {concern_on.ref}").fill("No evidence that night staff know this")
    page.get_by_role("button", name=f"Add note on {concern_on.ref}").click()
    page.wait_for_load_state()
    note = ReviewNote.objects.get()
    assert (note.kind, note.answer.question_id) == (ReviewNote.Kind.CONCERN, concern_on.pk)
    page.context.close()

    # The administrator publishes the national report, and anyone can read it.
    page = errors.watch(_page(browser, live_server, world.user("admin")))
    page.goto(reverse("assessments:report_publish", args=[assessment.campaign.pk]))
    page.get_by_role("button", name="Publish", exact=True).click()
    page.wait_for_load_state()
    assert NationalReport.objects.get(campaign=assessment.campaign).status == (
        ReportStatus.PUBLISHED
    )
    page.context.close()
    page = errors.watch(_page(browser, live_server, None))
    response = page.goto(
        reverse("assessments:public_report", args=[assessment.campaign.academic_year])
    )
    assert response is not None and response.status == 200
    expect(page.locator("h1")).to_contain_text("National report")
    page.context.close()
    assert errors.messages == []

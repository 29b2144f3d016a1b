"""Self-assessment page states the site-wide accessibility sweep does not reach, checked
with axe.

The sweep (``web/tests/test_accessibility.py``) visits each page once, in the state its
access rule builds. People also meet these pages with errors on them (a form sent empty, a
disguised evidence file, an answer someone else changed meanwhile, with and without
JavaScript), part-way through (an answer that still needs an action) and after sign-off (a
snapshot that no longer matches its hash): each of those states is checked here for WCAG 2.2
A and AA failures.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import Browser, Page

from access.testing import World
from assessments.form.services import answer_save
from assessments.models import Action, Answer, Question, SignOff
from assessments.testing import Assessment, build_assessment, sign_as_submitted
from assessments.tests.access_rules_review import open_clarification
from assessments.tests.access_rules_signoff import complete, submitted, with_signatory
from core.testing.browser import ERROR_SUMMARY as ERRORS
from core.testing.browser import (
    State,
    fill_and_send,
    send_first_form,
    state_problems,
)

pytestmark = pytest.mark.browser


def _click(button: str, *, exact: bool = True) -> Callable[[Page], None]:
    def act(page: Page) -> None:
        page.get_by_role("button", name=button, exact=exact).first.click()
        page.wait_for_load_state()

    return act


def _changed_meanwhile(assessment: Assessment, question: Question, then: str) -> Any:
    """Someone else answers ``question`` after the page was shown; this person then answers
    "Not met" and presses ``then`` (without JavaScript) or waits for the autosave (with)."""

    def act(page: Page) -> None:
        answer_save(
            actor=assessment.world.user("pp_contributor"),
            submission=assessment.london,
            question=question,
            value="met",
            comment="Answered by a colleague",
            revision=0,
        )
        page.locator(f"#q{question.pk}").get_by_label("Not met", exact=True).check()
        if then:
            _click(then)(page)
        else:
            page.locator("[data-conflict]").wait_for()  # the autosave's answer arrives

    return act


def _disguised_file(page: Page) -> None:
    page.locator("input[type=file]").set_input_files(
        {"name": "policy.pdf", "mimeType": "application/pdf", "buffer": b"MZ\x90\x00" * 64}
    )
    _click("Upload the file")(page)


def _form_states(assessment: Assessment, domain: str) -> list[State]:
    london = assessment.london
    q1, q2 = (Question.objects.get(ref=f"QFTEST-1.1-Q{n}") for n in (1, 2))
    return [
        State(
            "answer changed meanwhile, without JavaScript",
            "pp_contributor",
            domain,
            _changed_meanwhile(assessment, q1, "Save"),
            ERRORS,
            javascript=False,
        ),
        State(
            "answer changed meanwhile, with JavaScript",
            "pp_contributor",
            domain,
            _changed_meanwhile(assessment, Question.objects.get(ref="QFTEST-1.2-Q1"), ""),
            "[data-conflict]",
        ),
        State(
            "an answer that still needs an action",
            "pp_contributor",
            reverse("assessments:check_answers", args=[london.pk]),
        ),
        State(
            "action sent empty",
            "pp_contributor",
            reverse("assessments:action_add", args=[london.pk, q2.pk]),
            _click("Save the action"),
            ERRORS,
        ),
        State(
            "evidence sent without a file",
            "pp_contributor",
            reverse("assessments:evidence_add", args=[london.pk, q2.pk]),
            _click("Upload the file"),
            ERRORS,
        ),
        State(
            "evidence that is not what its name says",
            "pp_contributor",
            reverse("assessments:evidence_add", args=[london.pk, q2.pk]),
            _disguised_file,
            ERRORS,
        ),
        State(
            "sending an incomplete self-assessment",
            "pp_contributor",
            reverse("assessments:send", args=[london.pk]),
            shows="main .nhsuk-inset-text",
        ),
    ]


def _open_every_disclosure(page: Page) -> None:
    for summary in page.locator("main details summary").all():
        summary.click()


def _with_a_change_since_last_year(world: World, signing: Any) -> None:
    """The provider signed the year before with every answer met; one answer is now not
    met with its action, so the summary lists it and the changes table shows it."""
    sign_as_submitted(complete(world))
    answer = Answer.objects.get(submission=signing, question__ref="QFTEST-2.1-Q1")
    Answer.objects.filter(pk=answer.pk).update(value="not_met")
    Action.objects.create(
        answer=answer, description="Board paper", owner="Chair", due_on=dt.date(2027, 5, 12)
    )


def _signoff_states(signing: Any, signed: Any, tampered: Any) -> list[State]:
    return [
        State(
            "the sign-off summary with a change since last year, every domain opened",
            "pp_executive",
            reverse("assessments:sign", args=[signing.pk]),
            _open_every_disclosure,
            "main details[open]",
        ),
        State(
            "signing without the declaration",
            "pp_executive",
            reverse("assessments:sign", args=[signing.pk]),
            _click("Sign off and submit"),
            ERRORS,
        ),
        State(
            "returning without a comment",
            "pp_executive",
            reverse("assessments:sign", args=[signing.pk]),
            _click("Return with comment"),
            ERRORS,
        ),
        State(
            "a snapshot that no longer matches its hash",
            "admin",
            reverse("assessments:history", args=[tampered.pk]),
        ),
        State(
            "checking a malformed hash",
            "pp_executive",
            reverse("assessments:verify", args=[signed.pk]),
            fill_and_send("main input[name=sha256]", "not a hash"),
            ERRORS,
        ),
        State(
            "reopening without a reason",
            "admin",
            reverse("assessments:reopen", args=[signed.pk]),
            _click("Reopen"),
            ERRORS,
        ),
    ]


def _review_states(signed: Any, noted: Any) -> list[State]:
    return [
        State(
            "a review note sent empty",
            "regional_lead",
            reverse("assessments:review", args=[signed.pk]) + f"?note={noted.pk}",
            _click("Add note", exact=False),
            ERRORS,
        ),
        State(
            "an answer to a clarification sent empty",
            "pp_contributor",
            reverse("assessments:clarifications", args=[signed.pk]),
            _click("Send answer", exact=False),
            ERRORS,
        ),
    ]


def _campaign_and_report_states(assessment: Assessment) -> list[State]:
    london = assessment.london
    return [
        State(
            "opening a campaign sent empty",
            "admin",
            reverse("assessments:campaign_open"),
            _click("Open the campaign"),
            ERRORS,
        ),
        State(
            "an extension sent empty",
            "admin",
            reverse("assessments:submission_extend", args=[london.pk]),
            _click("Give the extension"),
            ERRORS,
        ),
        State(
            "report settings with a group size of zero",
            "admin",
            reverse("assessments:report_settings", args=[assessment.campaign.pk]),
            fill_and_send("main input[name=min_group_size]", "0"),
            ERRORS,
        ),
        State(
            "cloning a framework under a malformed code",
            "admin",
            reverse("assessments:framework_clone", args=[assessment.version.code]),
            fill_and_send("main input[name=code]", "not a code"),
            ERRORS,
        ),
    ]


def states(world: World) -> list[State]:
    assessment = build_assessment(world)
    london = assessment.london
    answer_save(
        actor=world.user("pp_contributor"),
        submission=london,
        question=Question.objects.get(ref="QFTEST-1.1-Q2"),
        value="partially_met",
        comment="Two wards still need a lead",
        revision=0,
    )
    signing = with_signatory(world)
    _with_a_change_since_last_year(world, signing)
    signed = submitted(world)
    noted = open_clarification(world).answer
    tampered = submitted(world, "midlands")
    SignOff.objects.filter(submission=tampered).update(
        snapshot={"tampered": True}  # the stored copy no longer matches its hash
    )
    domain = reverse("assessments:form_domain", args=[london.pk, 1])
    return [
        *_form_states(assessment, domain),
        *_signoff_states(signing, signed, tampered),
        *_review_states(signed, noted),
        *_campaign_and_report_states(assessment),
        State(
            "sending a form for the next page without JavaScript",
            "pp_contributor",
            domain,
            send_first_form,
            "main h1",
            javascript=False,
        ),
    ]


def test_self_assessment_error_and_workflow_states_have_no_accessibility_violation(
    browser: Browser, live_server: Any, world: World
) -> None:
    problems = state_problems(browser, live_server.url, world.user, states(world))
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems)

"""Sign-off pages: send, the signatory's one page, history, verify, reopen and the links."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from assessments.models import Answer, SignOff, Submission, SubmissionStatus
from assessments.signoff.services import (
    DECLARATION,
    content_hash,
    snapshot_of,
    submission_send,
    submission_sign_off,
)
from assessments.testing import answer_all

Clients = Callable[[str], Client]


def _send(assessment: Any) -> Submission:
    answer_all(assessment.london)
    return submission_send(
        actor=assessment.world.user("pp_contributor"),
        submission=assessment.london,
        signatory=assessment.world.user("pp_executive"),
    )


def _signed(assessment: Any) -> SignOff:
    _send(assessment)
    return submission_sign_off(
        actor=assessment.world.user("pp_executive"),
        submission=assessment.london,
        declaration=DECLARATION,
    )


def test_the_send_page_lists_what_is_missing_instead_of_the_form(
    assessment: Any, client_for: Clients
) -> None:
    page = client_for("pp_contributor").get(
        reverse("assessments:send", args=[assessment.london.pk])
    )
    html = page.content.decode()
    assert "It cannot be sent for sign-off yet: 5 things must be done first" in html
    assert "Answer question 1.1 (1)" in html
    assert "Send for sign-off</button>" not in html


def test_a_contributor_chooses_the_executive_on_the_send_page(
    assessment: Any, client_for: Clients
) -> None:
    answer_all(assessment.london)
    client = client_for("pp_contributor")
    url = reverse("assessments:send", args=[assessment.london.pk])
    assert "Pp Executive (pp.executive@world.test)" in client.get(url).content.decode()
    refused = client.post(url, {})
    assert "Choose the executive who will sign it off" in refused.content.decode()
    assert "Error: " in refused.content.decode()
    stranger = client.post(url, {"signatory": str(assessment.world.user("admin").pk)})
    assert "Choose one of your organisation" in stranger.content.decode()
    response = client.post(url, {"signatory": str(assessment.world.user("pp_executive").pk)})
    assert response.status_code == 302
    assessment.london.refresh_from_db()
    assert assessment.london.status == SubmissionStatus.WITH_SIGNATORY


def test_the_signatory_page_shows_every_answer_and_the_hash_and_signs(
    assessment: Any, client_for: Clients
) -> None:
    submission = _send(assessment)
    client = client_for("pp_executive")
    url = reverse("assessments:sign", args=[submission.pk])
    html = client.get(url).content.decode()
    sha256 = content_hash(snapshot_of(submission))
    assert sha256[:16] in html and sha256[48:] in html
    assert f'name="seen_hash" value="{sha256}"' in html
    assert "Comment on QFTEST-2.1-Q2" in html
    assert DECLARATION.split(",")[0] in html
    unconfirmed = client.post(url, {"action": "sign", "seen_hash": sha256})
    assert "Confirm the declaration to sign off" in unconfirmed.content.decode()
    response = client.post(url, {"action": "sign", "seen_hash": sha256, "confirm": "on"})
    assert response.status_code == 302
    assert SignOff.objects.get().sha256 == sha256


def test_signing_from_a_page_loaded_before_a_change_is_refused_with_a_message(
    assessment: Any, client_for: Clients
) -> None:
    submission = _send(assessment)
    client = client_for("pp_executive")
    url = reverse("assessments:sign", args=[submission.pk])
    seen = content_hash(snapshot_of(submission))
    Answer.objects.filter(submission=submission).update(comment="Changed")
    response = client.post(url, {"action": "sign", "seen_hash": seen, "confirm": "on"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "changed after you opened this page" in html
    assert "Changed" in html  # the page now shows what would be signed
    assert not SignOff.objects.exists()


def test_the_signatory_returns_it_from_the_same_page(assessment: Any, client_for: Clients) -> None:
    submission = _send(assessment)
    client = client_for("pp_executive")
    url = reverse("assessments:sign", args=[submission.pk])
    empty = client.post(url, {"action": "return", "comment": ""})
    assert "Enter what the contributors should change" in empty.content.decode()
    assert client.post(url, {"action": "return", "comment": "More on 2.1"}).status_code == 302
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.IN_PROGRESS
    after = client.get(url).content.decode()
    assert "nothing for you to sign now" in after
    assert "Sign off and submit" not in after


def test_the_history_shows_the_sign_off_verified_and_a_tampered_one_not(
    assessment: Any, client_for: Clients
) -> None:
    sign_off = _signed(assessment)
    client = client_for("regional_lead")
    url = reverse("assessments:history", args=[assessment.london.pk])
    html = client.get(url).content.decode()
    assert "Verified" in html
    assert "Signed off and submitted" in html and "Sent to the signatory" in html
    assert "Reopen this self-assessment" in html
    snapshot = {**sign_off.snapshot, "framework": "FORGED"}
    SignOff.objects.filter(pk=sign_off.pk).update(snapshot=snapshot)
    assert "Does not match: altered after signing" in client.get(url).content.decode()


def test_the_verify_page_compares_a_given_hash(assessment: Any, client_for: Clients) -> None:
    sign_off = _signed(assessment)
    client = client_for("pp_contributor")
    url = reverse("assessments:verify", args=[assessment.london.pk])
    assert "matches version 1" in client.get(url, {"sha256": sign_off.sha256}).content.decode()
    assert (
        "No sign-off of this self-assessment has that hash"
        in client.get(url, {"sha256": "f" * 64}).content.decode()
    )
    assert (
        "Enter a content hash of 64 letters"
        in client.get(url, {"sha256": "not-a-hash"}).content.decode()
    )
    version = client.get(reverse("assessments:signed_version", args=[assessment.london.pk, 1]))
    assert "Comment on QFTEST-1.1-Q1" in version.content.decode()
    assert (
        client.get(
            reverse("assessments:signed_version", args=[assessment.london.pk, 2])
        ).status_code
        == 404
    )


def test_reopening_from_the_page_needs_a_reason(assessment: Any, client_for: Clients) -> None:
    _signed(assessment)
    client = client_for("admin")
    url = reverse("assessments:reopen", args=[assessment.london.pk])
    assert "Enter why the self-assessment is reopened" in client.post(url, {}).content.decode()
    assert client.post(url, {"reason": "Wrong year's data"}).status_code == 302
    assessment.london.refresh_from_db()
    assert (assessment.london.status, assessment.london.version) == ("reopened", 2)
    again = client.get(url).content.decode()
    assert "only a submitted self-assessment can be reopened" in again


@pytest.mark.parametrize(
    ("persona", "shown", "hidden"),
    [
        (
            "pp_contributor",
            ["Send for sign-off", "Questions from the quality team"],
            ["Review the answers"],
        ),
        ("pp_executive", ["History and sign-offs"], ["Send for sign-off", "Review the answers"]),
        ("regional_lead", ["Review the answers"], ["Send for sign-off", "Review and sign off"]),
    ],
)
def test_the_overview_shows_the_links_that_apply(
    assessment: Any, client_for: Clients, persona: str, shown: list[str], hidden: list[str]
) -> None:
    answer_all(assessment.london)
    html = (
        client_for(persona)
        .get(reverse("assessments:submission", args=[assessment.london.pk]))
        .content.decode()
    )
    for text in shown:
        assert text in html
    for text in hidden:
        assert text not in html


def test_the_executive_sees_the_sign_link_only_while_it_is_with_them(
    assessment: Any, client_for: Clients
) -> None:
    _send(assessment)
    url = reverse("assessments:submission", args=[assessment.london.pk])
    assert "Review and sign off" in client_for("pp_executive").get(url).content.decode()
    assert "Send for sign-off" not in client_for("pp_contributor").get(url).content.decode()

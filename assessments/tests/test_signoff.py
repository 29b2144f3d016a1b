"""Sign-off: send, sign with a frozen snapshot and hash, return, reopen and verify."""

from __future__ import annotations

from typing import Any

import pytest
from auditlog.models import LogEntry
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from access.models import Membership
from access.roles import Role
from accounts.models import User
from assessments.models import (
    Action,
    Answer,
    SignOff,
    Submission,
    SubmissionEvent,
    SubmissionStatus,
)
from assessments.signoff.services import (
    DECLARATION,
    content_hash,
    signoff_verify,
    snapshot_of,
    submission_reopen,
    submission_return,
    submission_send,
    submission_sign_off,
)
from assessments.testing import answer_all
from core.testing.mail import committed


def _send(assessment: Any) -> Submission:
    world = assessment.world
    answer_all(assessment.london)
    with committed():
        return submission_send(
            actor=world.user("pp_contributor"),
            submission=assessment.london,
            signatory=world.user("pp_executive"),
        )


def _sign(assessment: Any, **kwargs: Any) -> SignOff:
    with committed():
        return submission_sign_off(
            actor=assessment.world.user("pp_executive"),
            submission=assessment.london,
            declaration=DECLARATION,
            **kwargs,
        )


def _kinds(submission: Submission) -> list[str]:
    return list(submission.events.order_by("at", "pk").values_list("kind", flat=True))


def test_a_contributor_sends_a_complete_submission_to_the_executive_who_gets_an_email(
    assessment: Any,
) -> None:
    submission = _send(assessment)
    assert submission.status == SubmissionStatus.WITH_SIGNATORY
    assert submission.signatory == assessment.world.user("pp_executive")
    assert assessment.london.status == SubmissionStatus.WITH_SIGNATORY
    assert _kinds(submission) == ["sent"]
    assert [m.to for m in mail.outbox] == [["pp.executive@world.test"]]
    assert f"/submissions/{submission.pk}/sign/" in mail.outbox[0].body
    entry = LogEntry.objects.get_for_object(submission).latest("pk")
    assert entry.additional_data["transition"] == "send"
    assert entry.actor == assessment.world.user("pp_contributor")


def test_an_incomplete_submission_cannot_be_sent_and_says_what_is_missing(
    assessment: Any,
) -> None:
    world = assessment.world
    with pytest.raises(ValidationError, match=r"5 things must be done.*Answer question 1\.1"):
        submission_send(
            actor=world.user("pp_contributor"),
            submission=assessment.london,
            signatory=world.user("pp_executive"),
        )
    assessment.london.refresh_from_db()
    assert assessment.london.status == SubmissionStatus.NOT_STARTED
    assert not mail.outbox


def test_a_not_met_answer_without_an_action_stops_the_send(assessment: Any) -> None:
    answers = answer_all(assessment.london)
    Answer.objects.filter(pk=answers[0].pk).update(value="not_met")
    with pytest.raises(ValidationError, match="Add an action"):
        submission_send(
            actor=assessment.world.user("pp_contributor"),
            submission=assessment.london,
            signatory=assessment.world.user("pp_executive"),
        )


@pytest.mark.parametrize("persona", ["pp_executive", "regional_lead", "admin"])
def test_only_a_contributor_of_the_provider_can_send(assessment: Any, persona: str) -> None:
    answer_all(assessment.london)
    with pytest.raises(PermissionDenied, match="Only contributors of Thameside"):
        submission_send(
            actor=assessment.world.user(persona),
            submission=assessment.london,
            signatory=assessment.world.user("pp_executive"),
        )


def test_a_signatory_from_another_organisation_is_refused_by_name(assessment: Any) -> None:
    world = assessment.world
    answer_all(assessment.london)
    outsider = User.objects.create_user(email="exec@trentbridge.test", full_name="Mo Outsider")
    Membership.objects.create(user=outsider, organisation=world.midlands_pp, role=Role.PP_EXECUTIVE)
    for signatory in (outsider, world.user("pp_contributor")):
        with pytest.raises(
            ValidationError, match="is not an active executive signatory of Thameside"
        ):
            submission_send(
                actor=world.user("pp_contributor"),
                submission=assessment.london,
                signatory=signatory,
            )
    assessment.london.refresh_from_db()
    assert assessment.london.status == SubmissionStatus.IN_PROGRESS
    assert not SubmissionEvent.objects.exists()


def test_a_switched_off_executive_cannot_be_chosen(assessment: Any) -> None:
    executive = assessment.world.user("pp_executive")
    User.objects.filter(pk=executive.pk).update(is_active=False)
    executive.refresh_from_db()
    answer_all(assessment.london)
    with pytest.raises(ValidationError, match="not an active executive"):
        submission_send(
            actor=assessment.world.user("pp_contributor"),
            submission=assessment.london,
            signatory=executive,
        )


def test_signing_freezes_a_snapshot_with_its_hash_and_submits(assessment: Any) -> None:
    submission = _send(assessment)
    answer = Answer.objects.filter(submission=submission).order_by("question__ref").first()
    assert answer is not None
    Action.objects.create(
        answer=answer, description="Weekly huddle", owner="Head of education", due_on="2026-03-31"
    )
    seen = content_hash(snapshot_of(submission))
    sign_off = _sign(assessment, seen_hash=seen)
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.SUBMITTED
    assert submission.submitted_at is not None
    assert sign_off.version == 1
    assert sign_off.sha256 == seen
    assert sign_off.declaration == DECLARATION
    assert sign_off.signed_by == assessment.world.user("pp_executive")
    snapshot = sign_off.snapshot
    assert snapshot["provider"]["name"] == "Thameside Hospitals NHS Trust"
    assert snapshot["campaign"]["academic_year"] == 2025
    assert snapshot["framework"] == "QFTEST"
    assert snapshot["version"] == 1
    first = snapshot["questions"][0]
    assert first["ref"] == "QFTEST-1.1-Q1"
    assert first["domain"] == {"number": 1, "title": "Learning environment and culture"}
    assert first["standard"]["ref"] == "QFTEST-1.1"
    assert (first["value"], first["label"]) == ("met", "Met")
    assert first["comment"] == "Comment on QFTEST-1.1-Q1"
    assert first["actions"] == [
        {"description": "Weekly huddle", "owner": "Head of education", "due_on": "2026-03-31"}
    ]
    assert len(snapshot["questions"]) == 5
    assert _kinds(submission) == ["sent", "signed"]
    assert signoff_verify(SignOff.objects.get(pk=sign_off.pk))
    # The contributors hear it was signed, with the hash.
    assert any(
        sign_off.sha256 in m.body for m in mail.outbox if m.to == ["pp.contributor@world.test"]
    )


def test_the_hash_is_canonical_json_whatever_the_key_order() -> None:
    assert content_hash({"a": 1, "b": [1, "é"]}) == content_hash({"b": [1, "é"], "a": 1})
    assert content_hash({"a": 1}) == (
        "015abd7f5cc57a2dd94b7590f04ad8084273905ee33ec5cebeae62276a97f862"
    )


def test_signing_a_submission_that_changed_since_the_page_was_loaded_is_refused(
    assessment: Any,
) -> None:
    submission = _send(assessment)
    seen = content_hash(snapshot_of(submission))
    Answer.objects.filter(submission=submission).update(comment="Changed behind the page")
    with pytest.raises(ValidationError, match="changed after you opened this page"):
        _sign(assessment, seen_hash=seen)
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.WITH_SIGNATORY
    assert not SignOff.objects.exists()


def test_a_tampered_snapshot_fails_verification(assessment: Any) -> None:
    _send(assessment)
    sign_off = _sign(assessment)
    snapshot = dict(sign_off.snapshot)
    snapshot["questions"] = [dict(q) for q in snapshot["questions"]]
    snapshot["questions"][0]["value"] = "not_met"
    SignOff.objects.filter(pk=sign_off.pk).update(snapshot=snapshot)
    assert not signoff_verify(SignOff.objects.get(pk=sign_off.pk))
    # Moving the snapshot to another version, even with a matching hash, also fails.
    moved = {**sign_off.snapshot, "version": 2}
    SignOff.objects.filter(pk=sign_off.pk).update(snapshot=moved, sha256=content_hash(moved))
    assert not signoff_verify(SignOff.objects.get(pk=sign_off.pk))


@pytest.mark.parametrize("persona", ["pp_contributor", "regional_lead", "admin"])
def test_only_the_providers_executive_can_sign(assessment: Any, persona: str) -> None:
    _send(assessment)
    with pytest.raises(PermissionDenied, match="Only an executive signatory of Thameside"):
        submission_sign_off(
            actor=assessment.world.user(persona),
            submission=assessment.london,
            declaration=DECLARATION,
        )


def test_an_executive_of_another_provider_cannot_sign(assessment: Any) -> None:
    world = assessment.world
    outsider = User.objects.create_user(email="exec@trentbridge.test", full_name="Mo Outsider")
    Membership.objects.create(user=outsider, organisation=world.midlands_pp, role=Role.PP_EXECUTIVE)
    _send(assessment)
    with pytest.raises(PermissionDenied):
        submission_sign_off(actor=outsider, submission=assessment.london, declaration=DECLARATION)


def test_signing_needs_the_declaration_and_a_submission_with_the_signatory(
    assessment: Any,
) -> None:
    answer_all(assessment.london)
    with pytest.raises(ValidationError, match="only one sent to the signatory can be signed"):
        _sign(assessment)
    _send(assessment)
    with pytest.raises(ValidationError, match="Confirm the declaration"):
        submission_sign_off(
            actor=assessment.world.user("pp_executive"),
            submission=assessment.london,
            declaration="  ",
        )
    assert not SignOff.objects.exists()


def test_the_executive_returns_it_with_a_comment_and_the_contributors_are_told(
    assessment: Any,
) -> None:
    _send(assessment)
    mail.outbox.clear()
    executive = assessment.world.user("pp_executive")
    with pytest.raises(ValidationError, match="Enter what the contributors should change"):
        submission_return(actor=executive, submission=assessment.london, comment=" ")
    with committed():
        submission = submission_return(
            actor=executive, submission=assessment.london, comment="Say more about night shifts"
        )
    assert submission.status == SubmissionStatus.IN_PROGRESS
    event = submission.events.get(kind="returned")
    assert (event.comment, event.actor) == ("Say more about night shifts", executive)
    assert [m.to for m in mail.outbox] == [["pp.contributor@world.test"]]
    assert "Say more about night shifts" in mail.outbox[0].body
    with pytest.raises(PermissionDenied):
        submission_return(
            actor=assessment.world.user("pp_contributor"), submission=submission, comment="x"
        )


def test_reopening_needs_a_reason_keeps_the_signed_version_and_a_second_sign_off_follows(
    assessment: Any,
) -> None:
    _send(assessment)
    first = _sign(assessment)
    lead = assessment.world.user("regional_lead")
    with pytest.raises(ValidationError, match="Enter why the self-assessment is reopened"):
        submission_reopen(actor=lead, submission=assessment.london, reason="")
    submission = submission_reopen(
        actor=lead, submission=assessment.london, reason="Domain 2 answers contradict the visit"
    )
    assert (submission.status, submission.version) == (SubmissionStatus.REOPENED, 2)
    assert submission.is_editable
    with pytest.raises(ValidationError, match="only a submitted one can be reopened"):
        submission_reopen(actor=lead, submission=submission, reason="Again")
    # Contributors change an answer and it goes round again as version 2.
    Answer.objects.filter(submission=submission).update(comment="Updated after reopening")
    submission_send(
        actor=assessment.world.user("pp_contributor"),
        submission=submission,
        signatory=assessment.world.user("pp_executive"),
    )
    second = _sign(assessment)
    assert [s.version for s in SignOff.objects.order_by("version")] == [1, 2]
    assert first.sha256 != second.sha256
    assert SignOff.objects.get(version=1).snapshot["questions"][0]["comment"] != (
        "Updated after reopening"
    )
    assert all(signoff_verify(s) for s in SignOff.objects.all())
    assert _kinds(submission) == ["sent", "signed", "reopened", "sent", "signed"]


@pytest.mark.parametrize("persona", ["pp_contributor", "pp_executive"])
def test_providers_cannot_reopen_their_own_submission(assessment: Any, persona: str) -> None:
    _send(assessment)
    _sign(assessment)
    with pytest.raises(PermissionDenied):
        submission_reopen(
            actor=assessment.world.user(persona), submission=assessment.london, reason="x"
        )


def test_a_regional_lead_cannot_reopen_another_regions_submission(assessment: Any) -> None:
    Submission.objects.filter(pk=assessment.midlands.pk).update(status=SubmissionStatus.SUBMITTED)
    assessment.midlands.refresh_from_db()
    with pytest.raises(PermissionDenied):
        submission_reopen(
            actor=assessment.world.user("regional_lead"), submission=assessment.midlands, reason="x"
        )
    reopened = submission_reopen(
        actor=assessment.world.user("admin"), submission=assessment.midlands, reason="Checked"
    )
    assert reopened.status == SubmissionStatus.REOPENED


def test_answers_cannot_be_edited_after_submission(assessment: Any) -> None:
    from assessments.form.services import answer_save

    _send(assessment)
    _sign(assessment)
    answer = Answer.objects.filter(submission=assessment.london).first()
    assert answer is not None
    with pytest.raises(ValidationError, match="submitted"):
        answer_save(
            actor=assessment.world.user("pp_contributor"),
            submission=assessment.london,
            question=answer.question,
            value="not_met",
            comment="late change",
            revision=answer.revision,
        )
    answer.refresh_from_db()
    assert answer.value == "met"


def test_a_send_that_is_rolled_back_e_mails_nobody(assessment: Any) -> None:
    world = assessment.world
    answer_all(assessment.london)

    def send_then_fail() -> None:
        with transaction.atomic():
            submission_send(
                actor=world.user("pp_contributor"),
                submission=assessment.london,
                signatory=world.user("pp_executive"),
            )
            raise RuntimeError("a later step of the same change failed")

    with committed(), pytest.raises(RuntimeError):
        send_then_fail()
    assert mail.outbox == []
    assessment.london.refresh_from_db()
    assert assessment.london.status != SubmissionStatus.WITH_SIGNATORY

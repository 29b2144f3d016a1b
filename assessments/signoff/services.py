"""Sign-off: send to the executive, sign with a declaration or return, reopen, verify.

Signing freezes a snapshot of exactly what the executive saw: every question with its
answer, comment, actions and evidence file hashes, plus the provider, campaign and version.
The snapshot's SHA-256 over canonical JSON is stored beside it, so anyone who can see the
submission can recompute it later and know the stored record was not altered. The answers
and actions signed are also written as rows (``signed``), which the national report counts.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError

from access.models import Membership
from access.roles import Role
from accounts.models import User
from assessments.emails import contributors_of, mail, submission_link
from assessments.form.missing import submission_missing
from assessments.models import Answer, Question, SignOff, Submission, SubmissionEvent
from assessments.permissions import contributes_to, reviews, signs_for
from assessments.register_items import signed_actions_to_register
from assessments.signoff.signed import signed_copy_write
from assessments.workflow import SUBMISSION_WORKFLOW
from core import clock
from core.audit import acting_as
from core.text import clean_text
from organisations.models import Organisation

# What the executive confirms by ticking the box; stored with each sign-off as signed.
DECLARATION = (
    "I confirm that this self-assessment is an accurate account of the quality of education "
    "at our organisation, that the actions listed are agreed by the organisation, and that I "
    "am authorised to sign it off on the organisation's behalf."
)


# Reading what is signed -------------------------------------------------------------------


def snapshot_of(submission: Submission) -> dict[str, Any]:
    """Everything the executive signs, as plain JSON-ready data (four queries)."""
    questions = (
        Question.objects.filter(version_id=submission.campaign.framework_version_id)
        .select_related("standard", "domain")
        .order_by("domain__number", "standard__number", "number")
    )
    answers = {
        answer.question_id: answer
        for answer in Answer.objects.filter(submission=submission).prefetch_related(
            "actions", "evidence"
        )
    }
    rows = []
    for question in questions:
        answer = answers.get(question.pk)
        rows.append(
            {
                "ref": question.ref,
                "domain": {"number": question.domain.number, "title": question.domain.title},
                "standard": {"ref": question.standard.ref, "title": question.standard.title},
                "text": question.text,
                "value": answer.value if answer else "",
                "label": answer.get_value_display() if answer and answer.value else "",
                "comment": answer.comment if answer else "",
                "actions": [
                    {
                        "description": action.description,
                        "owner": action.owner,
                        "due_on": action.due_on.isoformat(),
                    }
                    for action in (answer.actions.all() if answer else [])
                ],
                "evidence": [
                    {"name": item.original_name, "sha256": item.sha256}
                    for item in (answer.evidence.all() if answer else [])
                ],
            }
        )
    return snapshot_envelope(submission, rows)


def snapshot_envelope(submission: Submission, rows: list[dict[str, Any]]) -> dict[str, Any]:
    """The snapshot around its question rows: which submission, provider, campaign, framework."""
    organisation = submission.organisation
    campaign = submission.campaign
    return {
        "submission": submission.pk,
        "version": submission.version,
        "provider": {
            "id": organisation.pk,
            "name": organisation.name,
            "ods_code": organisation.ods_code or "",
        },
        "campaign": {
            "id": campaign.pk,
            "name": campaign.name,
            "academic_year": campaign.academic_year,
        },
        "framework": campaign.framework_version.code,
        "questions": rows,
    }


def content_hash(snapshot: dict[str, Any]) -> str:
    """SHA-256 of the snapshot as canonical JSON: sorted keys, no spaces, UTF-8."""
    canonical = json.dumps(snapshot, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def signoff_verify(sign_off: SignOff) -> bool:
    """True when the stored snapshot still hashes to the stored hash and names its own
    submission and version; a snapshot edited after signing fails."""
    snapshot = sign_off.snapshot
    if not isinstance(snapshot, dict):
        return False
    if snapshot.get("submission") != sign_off.submission_id:
        return False
    if snapshot.get("version") != sign_off.version:
        return False
    return content_hash(snapshot) == sign_off.sha256


# Helpers --------------------------------------------------------------------------------


def executives_of(organisation_id: int) -> list[User]:
    """Active executive signatories of a provider, by name."""
    return list(
        User.objects.filter(
            is_active=True,
            memberships__organisation_id=organisation_id,
            memberships__organisation__status="open",
            memberships__role=Role.PP_EXECUTIVE,
        )
        .distinct()
        .order_by("full_name", "email")
    )


def _tell(
    submission: Submission,
    kind: str,
    actor: Any,
    note: str,
    /,
    *,
    to: list[User],
    template: str,
    subject: str,
    **context: Any,
) -> None:
    """Record the move in the submission's history and e-mail the people it concerns."""
    SubmissionEvent.objects.create(
        submission=submission,
        kind=kind,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        comment=note,
        version=submission.version,
    )
    mail(to, template, subject, {"submission": submission, **context})


def describe_missing(items: list[Any]) -> list[str]:
    """Readable lines for what part C's ``submission_missing`` reports."""
    lines = []
    for item in items:
        text = getattr(item, "message", None) or getattr(item, "text", None) or str(item)
        lines.append(str(text))
    return lines


def missing_for(submission: Submission) -> list[Any]:
    """What stops the submission going to the signatory (the form part's rules)."""
    return list(submission_missing(submission))


# Transitions ----------------------------------------------------------------------------


def submission_send(*, actor: Any, submission: Submission, signatory: User | None) -> Submission:
    """A contributor sends a complete submission to one of the provider's executives."""
    if not contributes_to(actor, submission):
        raise PermissionDenied(
            f"Only contributors of {submission.organisation.name} can send its self-assessment "
            "for sign-off"
        )
    with SUBMISSION_WORKFLOW.move(submission, "send", actor=actor) as move:
        locked = move.obj
        signatory = _signatory(signatory, locked.organisation)
        missing = describe_missing(missing_for(locked))
        if missing:
            count = len(missing)
            raise ValidationError(
                {
                    "submission": f"{count} thing{'s' if count != 1 else ''} must be done "
                    f"before it can be signed off: " + "; ".join(missing)
                }
            )
        locked.signatory = signatory
        move.save("signatory", "updated_at")
        _tell(
            locked,
            SubmissionEvent.Kind.SENT,
            actor,
            f"Sent to {signatory.full_name}",
            to=[signatory],
            template="signoff_sent",
            subject=f"Please sign off {locked.organisation.name}'s self-assessment",
            sender=actor,
            link=submission_link("sign", locked),
        )
    return move.obj


def _signatory(signatory: User | None, organisation: Organisation) -> User:
    """The chosen executive, or a refusal unless an active executive signatory of the
    provider was chosen."""
    if signatory is None:
        raise ValidationError({"signatory": "Choose the executive who will sign it off"})
    is_executive = Membership.objects.filter(
        user=signatory,
        organisation=organisation,
        organisation__status="open",
        role=Role.PP_EXECUTIVE,
    ).exists()
    if not signatory.is_active or not is_executive:
        raise ValidationError(
            {
                "signatory": f"{signatory.full_name or signatory.email} is not an active "
                f"executive signatory of {organisation.name}: choose one of its executives"
            }
        )
    return signatory


def submission_sign_off(
    *,
    actor: Any,
    submission: Submission,
    declaration: str,
    seen_hash: str | None = None,
) -> SignOff:
    """The provider's executive signs what is with them: the snapshot is frozen and the
    submission submitted. ``seen_hash`` is the hash shown on the page the executive read;
    if the submission changed since, signing is refused."""
    if not signs_for(actor, submission):
        raise PermissionDenied(
            f"Only an executive signatory of {submission.organisation.name} can sign off its "
            "self-assessment"
        )
    declaration = (declaration or "").strip()
    if not declaration:
        raise ValidationError({"declaration": "Confirm the declaration to sign off"})
    with SUBMISSION_WORKFLOW.move(submission, "sign", actor=actor) as move:
        locked = move.obj
        snapshot = snapshot_of(locked)
        sha256 = content_hash(snapshot)
        if seen_hash is not None and seen_hash != sha256:
            raise ValidationError(
                {
                    "seen_hash": "The self-assessment changed after you opened this page, so "
                    "what you read is not what would be signed. Read it again, then sign off"
                }
            )
        with acting_as(actor, transition="sign", sha256=sha256):
            sign_off = SignOff.objects.create(
                submission=locked,
                version=locked.version,
                snapshot=snapshot,
                sha256=sha256,
                declaration=declaration,
                signed_by=actor,
            )
        # What the national report counts: the rows of what was just signed.
        signed_copy_write([sign_off])
        signed_actions_to_register(actor, locked)
        locked.submitted_at = clock.now()
        move.save("submitted_at", "updated_at")
        move.context["sha256"] = sha256
        _tell(
            locked,
            SubmissionEvent.Kind.SIGNED,
            actor,
            f"Content hash {sha256}",
            to=contributors_of(locked.organisation_id),
            template="signoff_signed",
            subject=f"{locked.organisation.name}'s self-assessment has been signed off",
            signer=actor,
            sha256=sha256,
            link=submission_link("history", locked),
        )
    return sign_off


def submission_return(*, actor: Any, submission: Submission, comment: str) -> Submission:
    """The executive sends it back to the contributors, saying what to change."""
    if not signs_for(actor, submission):
        raise PermissionDenied(
            f"Only an executive signatory of {submission.organisation.name} can return its "
            "self-assessment"
        )
    # Cleaned here, on the form's field; the step then finds its reason given.
    comment = clean_text(comment, field="comment", what="what the contributors should change")
    with SUBMISSION_WORKFLOW.move(submission, "return", actor=actor, reason=comment) as move:
        locked = move.obj
        move.save("updated_at")
        _tell(
            locked,
            SubmissionEvent.Kind.RETURNED,
            actor,
            comment,
            to=contributors_of(locked.organisation_id),
            template="signoff_returned",
            subject=f"{locked.organisation.name}'s self-assessment was returned by the signatory",
            signer=actor,
            comment=comment,
            link=submission_link("history", locked),
        )
    return move.obj


def submission_reopen(*, actor: Any, submission: Submission, reason: str) -> Submission:
    """The quality team reopens a submitted self-assessment; the signed version stays."""
    if not reviews(actor, submission):
        raise PermissionDenied(
            "Only quality administrators and the region's quality leads can reopen a "
            "self-assessment"
        )
    with SUBMISSION_WORKFLOW.move(submission, "reopen", actor=actor, reason=reason) as move:
        locked = move.obj
        locked.version += 1
        move.save("version", "updated_at")
        _tell(
            locked,
            SubmissionEvent.Kind.REOPENED,
            actor,
            move.reason,
            to=contributors_of(locked.organisation_id),
            template="signoff_reopened",
            subject=f"{locked.organisation.name}'s self-assessment has been reopened",
            reopener=actor,
            reason=move.reason,
            link=submission_link("history", locked),
        )
    return move.obj

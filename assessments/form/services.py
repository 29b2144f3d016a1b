"""Answering a self-assessment: answers, actions, evidence, domain assignments and copying in
last year's answers.

Only contributors of the provider change answers, and only while the submission is
editable; everything else is refused with a ``ValidationError`` that says why. Two people
saving the same answer are kept apart by ``Answer.revision``: a save that names a stale
revision raises ``AnswerConflict`` carrying both versions, and nothing is written.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import uuid
import zipfile
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any, cast

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.db import IntegrityError, transaction
from django.db.models import Count, F, Q

from accounts.models import Membership, User
from accounts.roles import Role
from assessments.models import (
    NEEDS_ACTION,
    Action,
    Answer,
    AnswerValue,
    Domain,
    DomainAssignment,
    Evidence,
    Question,
    Submission,
    SubmissionEvent,
    SubmissionStatus,
)
from assessments.permissions import can_manage_campaigns, contributes_to
from core import clock
from core.actions import check_action
from core.audit import acting_as
from core.text import clean_text

COMMENT_MAX_CHARS = 10_000
ACTION_TEXT_MAX_CHARS = 2_000


def question_label(question: Question) -> str:
    """How people refer to a question: its standard's number and its own, e.g. 1.2 (1)."""
    return f"{question.standard.label} ({question.number})"


class AnswerConflict(Exception):
    """Someone else saved the answer since this person loaded it; both versions are kept."""

    def __init__(self, *, answer: Answer, value: str, comment: str) -> None:
        self.answer = answer
        self.mine = {"value": value, "comment": comment}
        self.theirs = {
            "value": answer.value,
            "comment": answer.comment,
            "revision": answer.revision,
            "updated_by": answer.updated_by.full_name if answer.updated_by else "",
            "updated_at": answer.updated_at.isoformat() if answer.updated_at else "",
        }
        who = self.theirs["updated_by"] or "Someone else"
        super().__init__(
            f"{who} changed this answer after you opened the page. Your version has not been "
            "saved: compare the two, then save the one to keep."
        )


def check_can_edit(actor: Any, submission: Submission) -> None:
    """Refuse anyone but the provider's contributors, and any change once it has gone on."""
    if not contributes_to(actor, submission):
        raise ValidationError(
            f"Only contributors of {submission.organisation.name} can change its answers."
        )
    if not submission.is_editable:
        raise ValidationError(
            f"This self-assessment is {submission.get_status_display().lower()}: its answers "
            "can no longer be changed."
        )


def _check_question(submission: Submission, question: Question) -> None:
    if question.version_id != submission.campaign.framework_version_id:
        raise ValidationError(f"Question {question.ref} is not part of this self-assessment.")


def _mark_started(actor: Any, submission: Submission) -> None:
    """The first answer moves a submission from not started to in progress."""
    if submission.status != SubmissionStatus.NOT_STARTED:
        return
    submission.status = SubmissionStatus.IN_PROGRESS
    submission.started_at = clock.now()
    submission.save(update_fields=["status", "started_at", "updated_at"])
    SubmissionEvent.objects.create(
        submission=submission,
        kind=SubmissionEvent.Kind.STARTED,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        version=submission.version,
    )


def answer_save(
    *,
    actor: Any,
    submission: Submission,
    question: Question,
    value: str,
    comment: str,
    revision: int,
) -> Answer:
    """Save one answer if ``revision`` is still its current revision; the revision goes up."""
    check_can_edit(actor, submission)
    _check_question(submission, question)
    value = (value or "").strip()
    comment = (comment or "").strip()
    if value and value not in question.allowed_values():
        allowed = ", ".join(str(v.label).lower() for v in question.allowed_values())
        label = question_label(question)
        raise ValidationError(
            {"value": f"Choose one of {allowed} for question {label}"}, code="invalid_choice"
        )
    comment = clean_text(
        comment,
        field="comment",
        what=f"the comment on question {question_label(question)}",
        limit=COMMENT_MAX_CHARS,
        required=False,
    )
    with transaction.atomic(), acting_as(actor):
        answer = (
            Answer.objects.select_for_update(of=("self",))
            # The audit entry names the related records; read them in this one query.
            .select_related(
                "updated_by", "question", "submission__organisation", "submission__campaign"
            )
            .filter(submission=submission, question=question)
            .first()
        )
        if answer is None:
            if revision != 0:
                raise ValidationError("This answer no longer exists; reload the page.")
            answer = Answer(submission=submission, question=question)
        if answer.value == value and answer.comment == comment:
            return answer  # nothing changed: not a conflict, nothing to write
        if answer.revision != revision:
            raise AnswerConflict(answer=answer, value=value, comment=comment)
        was_answered = bool(answer.value)
        answer.value = value
        answer.comment = comment
        answer.revision += 1
        answer.updated_by = actor
        try:
            if answer.pk is None:
                with transaction.atomic():  # a savepoint only when inserting
                    answer.save()
            else:
                answer.save()
        except IntegrityError:
            # Someone created this answer between our read and our insert.
            theirs = Answer.objects.select_related("updated_by").get(
                submission=submission, question=question
            )
            raise AnswerConflict(answer=theirs, value=value, comment=comment) from None
        change = int(bool(value)) - int(was_answered)
        if change:
            Submission.objects.filter(pk=submission.pk).update(
                answered_count=F("answered_count") + change
            )
            submission.answered_count += change
        _mark_started(actor, submission)
    return answer


# What stops a submission going to the signatory.
@dataclass(frozen=True)
class Missing:
    """One thing still to do before the submission can go to the signatory."""

    question: Question
    kind: str  # "answer", "comment" or "action"
    message: str

    @property
    def anchor(self) -> str:
        return f"q{self.question.pk}-{self.kind}"


def submission_missing(submission: Submission) -> list[Missing]:
    """Unanswered questions, comments that are required but empty, and partially met or not
    met answers without an action, in question order. Three queries, however many rows."""
    questions = list(
        Question.objects.filter(version_id=submission.campaign.framework_version_id)
        .select_related("standard__domain", "domain")
        .order_by("domain__number", "standard__number", "number")
    )
    answers = {
        answer.question_id: answer
        for answer in Answer.objects.filter(submission=submission).annotate(
            action_count=Count("actions")
        )
    }
    missing: list[Missing] = []
    for question in questions:
        label = question_label(question)
        answer = answers.get(question.pk)
        if answer is None or not answer.value:
            missing.append(Missing(question, "answer", f"Answer question {label}"))
            continue
        if question.comment_needed(answer.value) and not answer.comment:
            missing.append(Missing(question, "comment", f"Add a comment to question {label}"))
        if answer.value in NEEDS_ACTION and not answer.action_count:
            missing.append(
                Missing(
                    question,
                    "action",
                    f"Add an action to question {label}: it is "
                    f"{AnswerValue(answer.value).label.lower()}",
                )
            )
    return missing


# Actions.
@dataclass(frozen=True)
class ActionInput:
    """What a contributor enters for an action."""

    description: str
    owner: str
    due_on: dt.date | None


def clean_action(data: ActionInput, *, unchanged_due: dt.date | None = None) -> ActionInput:
    description, owner, errors = check_action(
        data.description,
        data.owner,
        data.due_on,
        description_limit=ACTION_TEXT_MAX_CHARS,
        unchanged_due=unchanged_due,
    )
    if errors:
        raise ValidationError(errors)
    return ActionInput(description, owner, data.due_on)


def _answer_for(actor: Any, submission: Submission, question: Question) -> Answer:
    """The question's answer, created blank when actions or evidence come before it."""
    answer, _ = Answer.objects.get_or_create(
        submission=submission, question=question, defaults={"updated_by": actor}
    )
    return answer


def action_add(
    *, actor: Any, submission: Submission, question: Question, data: ActionInput
) -> Action:
    check_can_edit(actor, submission)
    _check_question(submission, question)
    data = clean_action(data)
    with transaction.atomic(), acting_as(actor):
        answer = _answer_for(actor, submission, question)
        return Action.objects.create(
            answer=answer,
            description=data.description,
            owner=data.owner,
            due_on=cast(dt.date, data.due_on),
            created_by=actor,
        )


def action_update(*, actor: Any, action: Action, data: ActionInput) -> Action:
    check_can_edit(actor, action.answer.submission)
    data = clean_action(data, unchanged_due=action.due_on)
    with transaction.atomic(), acting_as(actor):
        action.description, action.owner = data.description, data.owner
        action.due_on = cast(dt.date, data.due_on)  # clean_action refused a missing date
        action.save()
    return action


def action_remove(*, actor: Any, action: Action) -> None:
    check_can_edit(actor, action.answer.submission)
    with transaction.atomic(), acting_as(actor):
        action.delete()


# Evidence.
# Allowed kinds of file: extension -> (content type recorded, description for messages).
EVIDENCE_TYPES: dict[str, tuple[str, str]] = {
    ".pdf": ("application/pdf", "PDF"),
    ".docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "Word document",
    ),
    ".xlsx": (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "Excel workbook",
    ),
    ".png": ("image/png", "PNG image"),
    ".jpg": ("image/jpeg", "JPEG image"),
    ".jpeg": ("image/jpeg", "JPEG image"),
    ".txt": ("text/plain; charset=utf-8", "text file"),
    ".csv": ("text/csv; charset=utf-8", "CSV file"),
}
ALLOWED_EVIDENCE = "PDF, Word (.docx), Excel (.xlsx), PNG, JPEG, text or CSV"
# Beginnings of programs and scripts, refused whatever the file is called.
PROGRAM_MAGIC = (b"MZ", b"\x7fELF", b"\xca\xfe\xba\xbe", b"\xcf\xfa\xed\xfe", b"#!")


def evidence_max_bytes() -> int:
    return int(getattr(settings, "EVIDENCE_MAX_BYTES", 10 * 1024 * 1024))


def _megabytes(size: int) -> str:
    return f"{size / 1_048_576:.0f} MB" if size >= 1_048_576 else f"{size / 1024:.0f} KB"


def _office_part(upload: Any, part: str) -> bool:
    try:
        with zipfile.ZipFile(upload) as archive:
            return part in archive.namelist()
    except zipfile.BadZipFile:
        return False
    finally:
        upload.seek(0)


def _text(upload: Any) -> bool:
    content = upload.read()
    upload.seek(0)
    if b"\x00" in content:
        return False
    try:
        content.decode("utf-8")
    except UnicodeDecodeError:
        try:
            content.decode("cp1252")
        except UnicodeDecodeError:
            return False
    return True


def _content_matches(extension: str, upload: Any, head: bytes) -> bool:
    """Whether the file's own bytes are the kind its name says (not only its name)."""
    if extension == ".pdf":
        return head.startswith(b"%PDF-")
    if extension == ".png":
        return head.startswith(b"\x89PNG\r\n\x1a\n")
    if extension in {".jpg", ".jpeg"}:
        return head.startswith(b"\xff\xd8\xff")
    if extension == ".docx":
        return head.startswith(b"PK\x03\x04") and _office_part(upload, "word/document.xml")
    if extension == ".xlsx":
        return head.startswith(b"PK\x03\x04") and _office_part(upload, "xl/workbook.xml")
    return _text(upload)


def check_evidence_file(upload: Any) -> tuple[str, str]:
    """Refuse a file that is too big, of a kind not allowed, or whose content does not match
    its name; return the extension and the content type to record."""
    name = PurePath(upload.name or "").name
    extension = PurePath(name.lower()).suffix
    if extension not in EVIDENCE_TYPES:
        raise ValidationError(
            {
                "file": f"{name or 'The file'} is not a file type we accept: upload a "
                f"{ALLOWED_EVIDENCE} file"
            }
        )
    if not upload.size:
        raise ValidationError({"file": f"{name} is empty"})
    limit = evidence_max_bytes()
    if upload.size > limit:
        raise ValidationError(
            {
                "file": f"{name} is {_megabytes(upload.size)}: the largest file you can upload "
                f"is {_megabytes(limit)}"
            }
        )
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if head.startswith(PROGRAM_MAGIC):
        raise ValidationError(
            {"file": f"{name} is a program, not a document: it cannot be uploaded"}
        )
    content_type, kind = EVIDENCE_TYPES[extension]
    if not _content_matches(extension, upload, head):
        raise ValidationError(
            {"file": f"{name} is called a {kind} but its content is not one: upload the real file"}
        )
    return extension, content_type


def evidence_add(
    *, actor: Any, submission: Submission, question: Question, upload: Any
) -> Evidence:
    """Check and store an evidence file under a random name in private storage."""
    check_can_edit(actor, submission)
    _check_question(submission, question)
    if not question.evidence_allowed:
        raise ValidationError(
            {"file": f"Question {question_label(question)} does not take evidence files"}
        )
    extension, content_type = check_evidence_file(upload)
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    evidence = Evidence(
        original_name=PurePath(upload.name).name[:255],
        content_type=content_type,
        size=upload.size,
        sha256=digest.hexdigest(),
        uploaded_by=actor,
    )
    try:
        with transaction.atomic(), acting_as(actor):
            evidence.answer = _answer_for(actor, submission, question)
            # The stored name is random: nothing a user typed reaches the file system.
            evidence.file.save(f"{uuid.uuid4().hex}{extension}", File(upload), save=False)
            evidence.save()
    except Exception:
        if evidence.file.name:
            evidence.file.storage.delete(evidence.file.name)
        raise
    return evidence


def evidence_remove(*, actor: Any, evidence: Evidence) -> None:
    check_can_edit(actor, evidence.answer.submission)
    name, storage = evidence.file.name, evidence.file.storage
    with transaction.atomic(), acting_as(actor):
        evidence.delete()
        if name:
            transaction.on_commit(lambda: storage.delete(name))


# Domain assignments.
def provider_contributors(submission: Submission) -> list[User]:
    """The people who may be assigned a domain: contributors of the provider."""
    return list(
        User.objects.filter(
            is_active=True,
            memberships__organisation_id=submission.organisation_id,
            memberships__role=Role.PP_CONTRIBUTOR,
        )
        .distinct()
        .order_by("full_name", "email")
    )


def can_assign(user: Any, submission: Submission) -> bool:
    return can_manage_campaigns(user) or contributes_to(user, submission)


def assignments_set(
    *, actor: Any, submission: Submission, assignments: dict[int, list[int]]
) -> None:
    """Replace who is asked to answer each domain: ``{domain id: [user ids]}``."""
    if not can_assign(actor, submission):
        raise ValidationError(
            "Only quality administrators and the provider's contributors can assign domains."
        )
    if not submission.is_editable:
        raise ValidationError(
            f"This self-assessment is {submission.get_status_display().lower()}: domains can "
            "no longer be assigned."
        )
    domains = {
        d.pk: d for d in Domain.objects.filter(version_id=submission.campaign.framework_version_id)
    }
    contributors = {
        m.user_id
        for m in Membership.objects.filter(
            organisation_id=submission.organisation_id, role=Role.PP_CONTRIBUTOR
        )
    }
    errors: dict[str, str] = {}
    for domain_id, user_ids in assignments.items():
        if domain_id not in domains:
            raise ValidationError("That domain is not part of this self-assessment.")
        if set(user_ids) - contributors:
            errors[f"domain_{domains[domain_id].number}"] = (
                f"Only contributors of {submission.organisation.name} can be assigned domain "
                f"{domains[domain_id].number}"
            )
    if errors:
        raise ValidationError(errors)
    with transaction.atomic(), acting_as(actor):
        current = DomainAssignment.objects.filter(
            submission=submission, domain_id__in=list(assignments)
        )
        wanted = {(d, u) for d, users in assignments.items() for u in users}
        for assignment in current:
            if (assignment.domain_id, assignment.user_id) not in wanted:
                assignment.delete()
            else:
                wanted.discard((assignment.domain_id, assignment.user_id))
        for domain_id, user_id in sorted(wanted):
            DomainAssignment.objects.create(
                submission=submission, domain_id=domain_id, user_id=user_id
            )


# Last year's answers.
def previous_submission(submission: Submission) -> Submission | None:
    """The provider's submission in the latest earlier campaign, if there is one."""
    return (
        Submission.objects.filter(
            organisation_id=submission.organisation_id,
            campaign__academic_year__lt=submission.campaign.academic_year,
        )
        .select_related("campaign")
        .order_by("-campaign__academic_year")
        .first()
    )


def answers_copy_previous(*, actor: Any, submission: Submission) -> int:
    """Copy last year's answers into this year's blank answers (through ``Question.previous``
    when the framework changed) and remember last year's answer beside every matched one, so
    changes can be highlighted. Returns how many answers were filled in."""
    check_can_edit(actor, submission)
    source = previous_submission(submission)
    if source is None:
        raise ValidationError(
            f"{submission.organisation.name} has no earlier self-assessment to copy from."
        )
    same_version = source.campaign.framework_version_id == submission.campaign.framework_version_id
    questions = Question.objects.filter(version_id=submission.campaign.framework_version_id)
    source_of: dict[int, int] = {}
    for q in questions:
        earlier = q.pk if same_version else q.previous_id
        if earlier is not None:
            source_of[q.pk] = earlier
    old = {
        a.question_id: a
        for a in Answer.objects.filter(submission=source, question_id__in=source_of.values())
        if a.value
    }
    current = {a.question_id: a for a in Answer.objects.filter(submission=submission)}
    filled = 0
    with transaction.atomic(), acting_as(actor, source=f"copied from {source.campaign.year_label}"):
        for question_id, old_question_id in source_of.items():
            before = old.get(old_question_id) if old_question_id else None
            if before is None:
                continue
            answer = current.get(question_id) or Answer(
                submission=submission, question_id=question_id
            )
            answer.previous_value, answer.previous_comment = before.value, before.comment
            if not answer.value and not answer.comment:
                answer.value, answer.comment = before.value, before.comment
                answer.revision += 1
                answer.updated_by = actor
                filled += 1
            answer.save()
        count = Answer.objects.filter(submission=submission).exclude(value="").count()
        Submission.objects.filter(pk=submission.pk).update(answered_count=count)
        submission.answered_count = count
        if filled:
            _mark_started(actor, submission)
        SubmissionEvent.objects.create(
            submission=submission,
            kind=SubmissionEvent.Kind.COPIED,
            actor=actor if getattr(actor, "is_authenticated", False) else None,
            comment=f"{filled} answers copied from {source.campaign.year_label}",
            version=submission.version,
        )
    return filled


def has_previous(submission: Submission) -> bool:
    return Submission.objects.filter(
        Q(organisation_id=submission.organisation_id)
        & Q(campaign__academic_year__lt=submission.campaign.academic_year)
    ).exists()

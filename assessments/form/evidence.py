"""Evidence files: checked by their content as well as their name, stored under a random
name in private storage."""

from __future__ import annotations

import hashlib
import uuid
import zipfile
from pathlib import PurePath
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.db import transaction

from assessments.form.services import answer_for, check_can_edit, check_question, question_label
from assessments.models import Evidence, Question, Submission
from core.audit import acting_as

if TYPE_CHECKING:
    from django.core.files.uploadedfile import UploadedFile

    from accounts.models import User

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


def _office_part(upload: UploadedFile[bytes], part: str) -> bool:
    try:
        with zipfile.ZipFile(upload) as archive:
            return part in archive.namelist()
    except zipfile.BadZipFile:
        return False
    finally:
        upload.seek(0)


def _text(upload: UploadedFile[bytes]) -> bool:
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


def _content_matches(extension: str, upload: UploadedFile[bytes], head: bytes) -> bool:
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


def check_evidence_file(upload: UploadedFile[bytes]) -> tuple[str, str]:
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
    *, actor: User | None, submission: Submission, question: Question, upload: UploadedFile[bytes]
) -> Evidence:
    """Check and store an evidence file under a random name in private storage."""
    check_can_edit(actor, submission)
    check_question(submission, question)
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
        original_name=PurePath(upload.name or "").name[:255],
        content_type=content_type,
        size=upload.size or 0,  # check_evidence_file refused an empty file
        sha256=digest.hexdigest(),
        uploaded_by=actor,
    )
    try:
        with transaction.atomic(), acting_as(actor):
            evidence.answer = answer_for(actor, submission, question)
            # The stored name is random: nothing a user typed reaches the file system.
            evidence.file.save(f"{uuid.uuid4().hex}{extension}", File(upload), save=False)
            evidence.save()
    except Exception:
        if evidence.file.name:
            evidence.file.storage.delete(evidence.file.name)
        raise
    return evidence


def evidence_remove(*, actor: User | None, evidence: Evidence) -> None:
    check_can_edit(actor, evidence.answer.submission)
    name, storage = evidence.file.name, evidence.file.storage
    with transaction.atomic(), acting_as(actor):
        evidence.delete()
        if name:
            transaction.on_commit(lambda: storage.delete(name))

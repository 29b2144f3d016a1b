"""Evidence files: checked by their real content, kept privately, served only to those allowed."""

from __future__ import annotations

import hashlib
import io
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from assessments.form.evidence import evidence_add, evidence_remove
from assessments.models import Evidence, Question

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def _office(part: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(part, "<document/>")
    return buffer.getvalue()


def _upload(assessment: Any, name: str, content: bytes, ref: str = "1.1-Q1") -> Evidence:
    return evidence_add(
        actor=assessment.world.user("pp_contributor"),
        submission=assessment.london,
        question=Question.objects.get(ref=f"QFTEST-{ref}"),
        upload=SimpleUploadedFile(name, content, content_type="application/pdf"),
    )


def _stored_files() -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("Board report.pdf", PDF, "application/pdf"),
        ("ward.png", PNG, "image/png"),
        ("photo.JPG", b"\xff\xd8\xff\xe0" + b"\x00" * 20, "image/jpeg"),
        (
            "plan.docx",
            _office("word/document.xml"),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        (
            "audit.xlsx",
            _office("xl/workbook.xml"),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
        ("notes.txt", "Café meeting notes\n".encode(), "text/plain; charset=utf-8"),
        ("leads.csv", b"ward,lead\nA,B\n", "text/csv; charset=utf-8"),
    ],
)
def test_allowed_files_are_stored_privately_with_their_hash(
    assessment: Any, name: str, content: bytes, content_type: str
) -> None:
    evidence = _upload(assessment, name, content)
    assert evidence.original_name == name
    assert evidence.content_type == content_type
    assert evidence.size == len(content)
    assert evidence.sha256 == hashlib.sha256(content).hexdigest()
    stored = Path(evidence.file.path)
    assert stored.read_bytes() == content
    assert stored.is_relative_to(Path(settings.MEDIA_ROOT))
    # The stored name is random, never the name the user gave.
    assert name not in str(stored)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("report.pdf", b"MZ\x90\x00" + b"\x00" * 60, "report.pdf is a program, not a document"),
        ("report.pdf", b"\x7fELF\x02\x01\x01" + b"\x00" * 40, "is a program, not a document"),
        ("script.txt", b"#!/bin/sh\nrm -rf /\n", "script.txt is a program, not a document"),
        ("report.pdf", b"Just some text pretending", "is called a PDF but its content is not one"),
        ("plan.docx", _office("xl/workbook.xml"), "is called a Word document but its content"),
        ("plan.docx", PDF, "is called a Word document but its content is not one"),
        ("ward.png", PDF, "is called a PNG image but its content is not one"),
        ("notes.txt", b"abc\x00\x01\x02", "is called a text file but its content is not one"),
        ("setup.exe", b"MZ\x90\x00", "setup.exe is not a file type we accept"),
        ("report", PDF, "report is not a file type we accept"),
        ("empty.pdf", b"", "empty.pdf is empty"),
    ],
)
def test_disguised_and_unwanted_files_are_refused_and_nothing_is_kept(
    assessment: Any, name: str, content: bytes, message: str
) -> None:
    with pytest.raises(ValidationError) as raised:
        _upload(assessment, name, content)
    assert message in raised.value.message_dict["file"][0]
    assert not Evidence.objects.exists()
    assert _stored_files() == []


def test_a_file_over_the_size_limit_is_refused(assessment: Any, settings: Any) -> None:
    settings.EVIDENCE_MAX_BYTES = 2048
    with pytest.raises(ValidationError) as raised:
        _upload(assessment, "big.pdf", PDF + b"0" * 3000)
    assert raised.value.message_dict["file"] == [
        "big.pdf is 3 KB: the largest file you can upload is 2 KB"
    ]
    assert _stored_files() == []


def test_the_default_size_limit_is_ten_megabytes() -> None:
    assert settings.EVIDENCE_MAX_BYTES == 10 * 1024 * 1024


def test_a_question_that_takes_no_evidence_refuses_files(assessment: Any) -> None:
    with pytest.raises(ValidationError, match="does not take evidence files"):
        _upload(assessment, "a.pdf", PDF, ref="2.1-Q2")


@pytest.mark.parametrize("persona", ["pp_executive", "admin"])
def test_only_contributors_upload(assessment: Any, persona: str) -> None:
    with pytest.raises(ValidationError, match="Only contributors"):
        evidence_add(
            actor=assessment.world.user(persona),
            submission=assessment.london,
            question=assessment.questions[0],
            upload=SimpleUploadedFile("a.pdf", PDF),
        )


def test_removing_evidence_deletes_the_stored_file_once_committed(
    assessment: Any, django_capture_on_commit_callbacks: Any
) -> None:
    evidence = _upload(assessment, "a.pdf", PDF)
    path = Path(evidence.file.path)
    with pytest.raises(ValidationError):
        evidence_remove(actor=assessment.world.user("pp_executive"), evidence=evidence)
    assert path.exists()
    with django_capture_on_commit_callbacks(execute=True):
        evidence_remove(actor=assessment.world.user("pp_contributor"), evidence=evidence)
    assert not Evidence.objects.exists()
    assert not path.exists()


def test_the_file_is_downloaded_by_those_who_may_see_the_submission(
    assessment: Any, client_for: Callable[[str], Client]
) -> None:
    evidence = _upload(assessment, "Board report.pdf", PDF)
    url = reverse("assessments:evidence_download", args=[evidence.pk])
    for persona in ["pp_contributor", "pp_executive", "regional_lead", "admin"]:
        response = client_for(persona).get(url)
        assert response.status_code == 200, persona
        assert b"".join(response.streaming_content) == PDF  # type: ignore[attr-defined]  # a streamed file
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"].startswith("attachment;")
        assert response["X-Content-Type-Options"] == "nosniff"
    for persona in ["ep_lead", "contract_manager", "no_role"]:
        assert client_for(persona).get(url).status_code == 404


def test_the_upload_page_shows_the_reason_a_file_was_refused(
    assessment: Any, client_for: Callable[[str], Client]
) -> None:
    question = assessment.questions[0]
    url = reverse("assessments:evidence_add", args=[assessment.london.pk, question.pk])
    client = client_for("pp_contributor")
    response = client.post(url, {"file": SimpleUploadedFile("invoice.pdf", b"MZ\x90\x00abc")})
    assert response.status_code == 200
    assert "invoice.pdf is a program, not a document" in response.content.decode()
    assert not Evidence.objects.exists()
    response = client.post(url, {"file": SimpleUploadedFile("board.pdf", PDF)})
    assert response.status_code == 302
    assert response["Location"].endswith(f"#q{question.pk}")
    assert Evidence.objects.get().original_name == "board.pdf"

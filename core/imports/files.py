"""An uploaded file kept between preview and confirmation: its fingerprint, its displayed
name, storing it under a random name and reading it back."""

from __future__ import annotations

import hashlib
import unicodedata
import uuid
from pathlib import PurePosixPath, PureWindowsPath
from typing import TYPE_CHECKING

from django.core.files.base import ContentFile

from core.imports.errors import ImportRefused
from core.imports.reading import is_excel

if TYPE_CHECKING:
    from core.imports.models import ImportRunBase


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def display_file_name(name: str) -> str:
    """The uploaded file's own name, without any folders or control characters."""
    base = PureWindowsPath(PurePosixPath(name).name).name
    cleaned = "".join(ch for ch in base if unicodedata.category(ch)[0] != "C").strip()
    return cleaned[:200] or "unnamed file"


def store(run: ImportRunBase, data: bytes) -> None:
    """Attach the file to the (unsaved) run under a random name.

    The user's file name is only ever displayed, never used as a path.
    """
    suffix = "xlsx" if is_excel(data, run.file_name) else "csv"
    run.file.save(f"{uuid.uuid4().hex}.{suffix}", ContentFile(data), save=False)


def stored_bytes(run: ImportRunBase, max_bytes: int) -> bytes:
    """The stored file's contents; ``ImportRefused`` if it has gone or no longer matches."""
    try:
        with run.file.open("rb") as handle:
            data: bytes = handle.read(max_bytes + 1)
    except (OSError, ValueError):
        raise ImportRefused(
            f"The stored copy of {run.file_name} cannot be read. Upload the file again."
        ) from None
    if sha256_of(data) != run.sha256:
        raise ImportRefused("The stored file no longer matches what was uploaded. Upload it again.")
    return data

"""What every import run keeps: the file, who sent it, its state, its progress and summary.

An app's run model is a concrete subclass with its own table; it may add fields (which kind
of file) and word the statuses its own way by redefining ``status`` with the same values.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models

from core import clock


class RunStatus(models.TextChoices):
    """The states a run moves through; the pipeline works with these values.

    A large file is checked by the worker first (checking), then waits for confirmation or
    is refused with its errors; a small one is checked in the request and kept only if valid.
    """

    CHECKING = "checking", "Being checked"
    REFUSED = "refused", "Refused: the file has errors"
    PREVIEWED = "previewed", "Waiting for confirmation"
    QUEUED = "queued", "Waiting to be imported"
    RUNNING = "running", "Importing"
    IMPORTED = "imported", "Imported"
    FAILED = "failed", "Failed"


def stored_file_path(instance: ImportRunBase, filename: str) -> str:
    """Where a run's file is kept under MEDIA_ROOT: the run model's folder (strftime codes
    allowed) and the random name the pipeline gives it."""
    folder = clock.now().strftime(instance.upload_folder).strip("/")
    return f"{folder}/{filename}"


class ImportRunBase(models.Model):
    """One import of a file: previewed and waiting, queued or running, imported, or failed."""

    Status = RunStatus
    # The folder under MEDIA_ROOT (never served) that keeps this model's files.
    upload_folder: ClassVar[str] = "imports/%Y/%m"

    # The file as uploaded, kept between preview and confirmation, and afterwards as the
    # provenance of what it changed.
    file = models.FileField(upload_to=stored_file_path, max_length=255, blank=True)
    file_name = models.CharField(max_length=255)
    sha256 = models.CharField(max_length=64)
    status = models.CharField(max_length=16, choices=RunStatus.choices, default=RunStatus.PREVIEWED)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)
    summary = models.JSONField(default=dict, blank=True)
    rows_total = models.PositiveIntegerField(default=0)
    rows_done = models.PositiveIntegerField(default=0)
    finished_at = models.DateTimeField(null=True, blank=True)
    # Moved on by a background check or apply while it reads the file; a run whose
    # heartbeat stopped long ago lost its worker (see core.imports.recovery).
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    # The background task queued to apply the run, so that recovery can tell a run still
    # waiting for a worker from one whose task has gone.
    task_id = models.CharField(max_length=64, blank=True)
    # A large file: the worker checks it and imports it, so no web request ever reads it.
    by_worker = models.BooleanField(default=False)

    class Meta:
        abstract = True

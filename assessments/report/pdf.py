"""The public PDF of a published national report, drawn once per publication.

Drawing it takes seconds, so publishing queues ``store_report_pdf_task`` for the worker,
which keeps the PDF in the media storage beside the report; the public download serves that
file. Until the worker has drawn it (or for a report published before PDFs were kept) the
first download draws and keeps it. Publishing again makes the kept PDF stale
(``NationalReport.pdf_is_current``) and queues it again. Task paths are stored with queued
work: moving this module strands work queued under the old path.
"""

from __future__ import annotations

from io import BytesIO
from typing import IO, Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.tasks import task

from assessments.models import NationalReport, ReportStatus
from assessments.permissions import can_manage_campaigns
from assessments.report.presenting import figures_context
from core import pdf
from core.audit import acting_as
from core.people import Actor, check_actor

TEMPLATE = "assessments/report/public_report_pdf.html"


def report_pdf_html(record: NationalReport) -> str:
    """The HTML the PDF is drawn from: the frozen figures of the publication."""
    return pdf.report_html(TEMPLATE, {"record": record, **figures_context(record.figures)})


def report_pdf_store(*, actor: Actor, report_id: int) -> bool:
    """Draw the published report's PDF and keep it, unless one is kept for this publication
    already. True when it kept a new one. The drawing happens outside any transaction; a
    report published again meanwhile keeps nothing (its own task draws the new figures)."""
    check_actor(actor, can_manage_campaigns, "Only quality administrators store report PDFs")
    record = NationalReport.objects.select_related("campaign").get(pk=report_id)
    if record.status != ReportStatus.PUBLISHED or record.pdf_is_current:
        return False
    drawn_for = record.published_at
    document = pdf.html_to_pdf(report_pdf_html(record))
    storage = record.pdf.storage
    name = storage.save(_file_name(record), ContentFile(document))
    try:
        with transaction.atomic(), acting_as(actor, step="store pdf"):
            locked = NationalReport.objects.select_for_update().get(pk=report_id)
            if locked.published_at != drawn_for or locked.pdf_is_current:
                storage.delete(name)
                return False
            earlier = locked.pdf.name
            locked.pdf.name = name
            locked.pdf_published_at = drawn_for
            locked.save(update_fields=["pdf", "pdf_published_at", "updated_at"])
            if earlier:
                transaction.on_commit(lambda: storage.delete(earlier))
    except BaseException:
        storage.delete(name)
        raise
    return True


def _file_name(record: NationalReport) -> str:
    stamp = record.published_at.strftime("%Y%m%dT%H%M%S") if record.published_at else "draft"
    name = f"national-report-{record.campaign.academic_year}-{stamp}.pdf"
    return record.pdf.field.generate_filename(record, name)


def report_pdf_open(record: NationalReport) -> IO[bytes]:
    """The kept PDF of a published report, opened for reading; drawn and kept first if it is
    missing or stale. Should the report be published again while this draws it, leaving no
    PDF kept yet, this reader gets one drawn for them alone."""
    if not record.pdf_is_current:
        # The system draws it on the reader's behalf: the figures are public already.
        report_pdf_store(actor=None, report_id=record.pk)
        record.refresh_from_db(fields=["pdf", "pdf_published_at"])
    if record.pdf:
        return record.pdf.open("rb")
    return BytesIO(pdf.html_to_pdf(report_pdf_html(record)))


def queue_report_pdf(record: NationalReport) -> None:
    """Have the worker draw the report's PDF once the publication commits."""
    report_id = record.pk
    transaction.on_commit(lambda: store_report_pdf_task.enqueue(report_id))


@task()
def store_report_pdf_task(report_id: int) -> dict[str, Any]:
    """Draw and keep a published national report's PDF (the worker runs it)."""
    return {"stored": report_pdf_store(actor=None, report_id=report_id)}

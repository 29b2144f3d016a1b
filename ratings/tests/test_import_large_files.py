"""Large and hostile KPI files: a large file is checked by the worker, never by the web
request; a file past the row limit or built to unpack to far more than its size is refused
with a message, quickly, and nothing is stored."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from core.testing.workbooks import MAIN, row_xml, sheet_xml, workbook_parts, zip_bytes
from ratings.imports import parsing
from ratings.imports import services as services_import
from ratings.imports.plan import build_plan
from ratings.models import KpiImport, KpiValue
from ratings.tests.import_helpers import HEADER, csv_bytes, good_rows

pytestmark = pytest.mark.django_db
UPLOAD = reverse("ratings:kpi_import_upload")
DUMMY_TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
Clients = Callable[[str], Client]


def upload(client: Client, data: bytes, name: str = "kpis.csv", follow: bool = False) -> Any:
    return client.post(UPLOAD, {"file": SimpleUploadedFile(name, data)}, follow=follow)


def blank_rows_workbook(blank: int) -> bytes:
    """The header, then ``blank`` empty rows that keep formatting (as a whole-sheet format
    leaves them), written in blocks."""
    first = 2

    def rows() -> Any:
        yield row_xml(1, *HEADER)
        for start in range(first, first + blank, 50_000):
            end = min(start + 50_000, first + blank)
            yield "".join(f'<row r="{n}" s="1" customFormat="1"/>' for n in range(start, end))

    return zip_bytes(workbook_parts([("Sheet1", sheet_xml(rows()))]))


@pytest.fixture
def small_threshold(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every file counts as large, so the worker checks it."""
    monkeypatch.setattr(parsing, "CHECK_IN_REQUEST_BYTES", 100)


def test_a_sheet_past_the_row_limit_is_refused_before_any_row_is_checked(qcpm: Any) -> None:
    data = blank_rows_workbook(parsing.MAX_ROWS)  # the header makes one row too many

    plan = build_plan(data, actor=None, file_name="kpis.xlsx")

    assert [str(error) for error in plan.errors] == [
        "The sheet has more than 200,000 rows, counting empty ones that keep formatting; the "
        "most an import reads is 200,000. Delete the rows below your data, or split the file "
        "into smaller ones."
    ]


def test_a_csv_file_past_the_row_limit_is_refused(qcpm: Any) -> None:
    data = csv_bytes(good_rows()) + b",,,,,,\n" * parsing.MAX_ROWS

    errors = build_plan(data, actor=None).errors

    assert str(errors.items[-1]) == (
        "The file has more than 200,000 rows; the most an import reads is 200,000. Split it "
        "into smaller files, by academic year for example."
    )


def test_a_workbook_that_unpacks_to_far_more_than_its_size_is_refused_at_once(
    qcpm: Any, client_for: Clients
) -> None:
    bomb = b"<sst>" + b"<si><t>" + b"A" * 5_000_000 + b"</t></si></sst>"
    data = zip_bytes(workbook_parts([("S", b"".join(sheet_xml([])))], shared_strings=bomb))
    assert len(data) < 20_000

    response = upload(client_for("admin"), data, "kpis.xlsx")

    content = response.content.decode()
    assert response.status_code == 200 and "<title>Error: Errors in the file" in content
    assert "more than 100 times its packed size" in content
    assert not KpiImport.objects.exists()


def test_a_workbook_with_a_dtd_gives_a_message_not_a_server_error(
    qcpm: Any, client_for: Clients
) -> None:
    entity = '<!DOCTYPE worksheet [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
    part = f'<?xml version="1.0"?>{entity}<worksheet xmlns="{MAIN}"><sheetData/></worksheet>'
    data = zip_bytes(workbook_parts([("S", part)]))

    response = upload(client_for("admin"), data, "kpis.xlsx")

    assert response.status_code == 200
    assert "document type declaration (DTD)" in response.content.decode()


def test_a_large_file_is_checked_by_the_worker_then_previewed_and_imported_by_it(
    qcpm: Any, client_for: Clients, small_threshold: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    client = client_for("contract_manager")
    response = upload(client, csv_bytes(good_rows()))

    kpi_import = KpiImport.objects.get()
    detail = reverse("ratings:kpi_import_detail", args=[kpi_import.pk])
    assert response["Location"] == detail
    assert (kpi_import.status, kpi_import.by_worker) == ("previewed", True)
    page = client.get(detail).content.decode()
    assert "Check the import" in page and "imported in the background" in page

    client.post(
        reverse("ratings:kpi_import_confirm", args=[kpi_import.pk]),
        {"fingerprint": kpi_import.summary["fingerprint"]},
    )
    kpi_import.refresh_from_db()
    assert (kpi_import.status, kpi_import.rows_done) == ("imported", 9)
    assert KpiValue.objects.filter(source=kpi_import).count() == 9


def test_a_large_file_with_errors_is_refused_and_its_page_lists_them(
    qcpm: Any, client_for: Clients, small_threshold: None
) -> None:
    rows = [*good_rows(), ("99999999", "NURS-ADULT", "2025/26", "NSS", "3,5", "", "")]
    client = client_for("admin")

    page = upload(client, csv_bytes(rows), follow=True).content.decode()

    kpi_import = KpiImport.objects.get()
    assert kpi_import.status == "refused" and not kpi_import.file
    assert "<title>Error: Errors in the file" in page and "2 errors" in page
    assert "99999999 is not the UKPRN of an education provider." in page
    assert "&#39;3,5&#39; has a comma" in page
    assert not KpiValue.objects.filter(source=kpi_import).exists()


def test_the_request_does_not_read_a_large_file_and_its_page_follows_the_check(
    qcpm: Any,
    client_for: Clients,
    small_threshold: None,
    settings: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    settings.TASKS = DUMMY_TASKS  # the worker has not started yet

    def unread(*_args: Any, **_kwargs: Any) -> Any:
        raise AssertionError("the web request read the file")

    monkeypatch.setattr(services_import, "check", unread)
    client = client_for("contract_manager")
    detail = upload(client, csv_bytes(good_rows()))["Location"]

    page = client.get(detail).content.decode()
    assert "<h1>Checking kpis.csv</h1>" in page
    assert "Waiting for the background worker to check the file." in page
    assert 'data-finished="The check has finished."' in page
    KpiImport.objects.update(rows_done=5000)
    assert "Checked 5,000 rows so far." in client.get(detail).content.decode()


def test_a_large_workbook_is_not_opened_by_the_request(
    qcpm: Any, client_for: Clients, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings.TASKS = DUMMY_TASKS
    monkeypatch.setattr(parsing, "open_workbook", None)  # opening it here would fail
    data = blank_rows_workbook(150_000)  # within every limit, but unpacks to several MB

    response = upload(client_for("admin"), data, "kpis.xlsx")

    assert response.status_code == 302
    assert KpiImport.objects.get().status == "checking"


def test_errors_past_ten_thousand_are_counted_not_kept(qcpm: Any, tmp_path: Any) -> None:
    rows = [("1", "NURS-ADULT", "2025/26", "NSS", "x", "", "")] * 5001  # two errors a row
    data = csv_bytes(rows)

    errors = build_plan(data, actor=None).errors

    assert (len(errors.items), errors.total, len(errors.shown)) == (10_000, 10_002, 1000)
    path = tmp_path / "many.csv"
    path.write_bytes(data)
    with pytest.raises(CommandError) as failed:
        call_command("import_kpi_values", str(path))
    lines = str(failed.value).splitlines()
    assert lines[0] == "many.csv has 10,002 errors; nothing was imported."
    assert (len(lines), lines[-1]) == (10_002, "... and 2 more.")

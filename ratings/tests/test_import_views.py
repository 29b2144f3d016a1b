"""The KPI import pages: upload, errors, preview, confirm, background progress and the list."""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import replace
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from core.imports.pipeline import apply_queued_run
from ratings.imports import plan as kpi_plan
from ratings.imports import services as services_import
from ratings.models import KpiImport, KpiValue
from ratings.tests.import_helpers import LONDON, confirm_imports_the_good_rows, csv_bytes, good_rows

pytestmark = pytest.mark.django_db
UPLOAD = reverse("ratings:kpi_import_upload")


def upload(client: Client, data: bytes, name: str = "kpis.csv") -> Any:
    return client.post(UPLOAD, {"file": SimpleUploadedFile(name, data)})


def test_a_valid_file_shows_its_plan_and_confirming_imports_it(
    qcpm: Any, client_for: Callable[[str], Client]
) -> None:
    client = client_for("contract_manager")
    response = upload(client, csv_bytes(good_rows()))
    kpi_import = KpiImport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("ratings:kpi_import_detail", args=[kpi_import.pk])
    page = client.get(response["Location"])
    content = page.content.decode()
    assert "Check the import" in content and "University of Thameside" in content
    assert "Values that change (9)" in content
    assert not KpiValue.objects.filter(source=kpi_import).exists()

    confirm_imports_the_good_rows(client, kpi_import, kpi_import.summary["fingerprint"])


def test_a_file_with_errors_lists_every_error_and_saves_nothing(
    qcpm: Any, client_for: Callable[[str], Client]
) -> None:
    rows = [*good_rows(), ("99999999", "NURS-ADULT", "2025/26", "NSS", "lots", "", "")]
    response = upload(client_for("admin"), csv_bytes(rows))
    content = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: Errors in the file" in content
    assert "2 errors" in content and "Is not the UKPRN" not in content
    assert "99999999 is not the UKPRN of an education provider." in content
    assert "&#39;lots&#39; is not a number." in content
    assert not KpiImport.objects.exists()


def test_a_file_over_the_limit_is_refused_by_the_form(
    qcpm: Any, settings: Any, client_for: Callable[[str], Client]
) -> None:
    settings.KPI_IMPORT_MAX_BYTES = 50
    response = upload(client_for("admin"), csv_bytes(good_rows()))
    assert "it must be no larger than 50 bytes" in response.content.decode()
    assert not KpiImport.objects.exists()


def test_a_stale_confirmation_is_refused_with_a_message(
    qcpm: Any, client_for: Callable[[str], Client]
) -> None:
    client = client_for("admin")
    upload(client, csv_bytes(good_rows()))
    kpi_import = KpiImport.objects.get()
    response = client.post(
        reverse("ratings:kpi_import_confirm", args=[kpi_import.pk]),
        {"fingerprint": "not-the-plan"},
        follow=True,
    )
    assert "have changed since this file was checked" in response.content.decode()
    assert KpiImport.objects.get().status == KpiImport.Status.PREVIEWED


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_the_template_has_the_header_and_an_example_row(
    kind: str, world: Any, client_for: Callable[[str], Client]
) -> None:
    response = client_for("contract_manager").get(
        reverse("ratings:kpi_import_template", args=[kind])
    )
    if kind == "csv":
        chunks = response.streaming_content  # type: ignore[attr-defined]  # a streamed file
        text = b"".join(chunks).decode().lstrip("\ufeff")
        lines = text.splitlines()
    else:
        sheet = load_workbook(io.BytesIO(response.content)).active
        assert sheet is not None
        lines = [",".join(str(c or "") for c in row) for row in sheet.iter_rows(values_only=True)]
    assert lines[0] == "ukprn,programme_code,academic_year,kpi_code,value,numerator,denominator"
    assert lines[1] == "10000001,NURS-ADULT,2025/26,FILL,,118,120"


def test_a_large_file_is_imported_in_the_background_with_progress(
    qcpm: Any, client_for: Callable[[str], Client], monkeypatch: Any
) -> None:
    monkeypatch.setattr(
        services_import, "IMPORTER", replace(services_import.IMPORTER, background_rows=3)
    )
    monkeypatch.setattr("ratings.imports.plan.PROGRESS_EVERY", 2)
    seen: list[tuple[str, int]] = []
    real_check = kpi_plan.check  # the planner the importer calls through services.check

    def watched_check(data: bytes, *, progress: Any = None, **kwargs: Any) -> Any:
        def record(done: int) -> None:
            progress(done)
            seen.append(KpiImport.objects.values_list("status", "rows_done").get())

        return real_check(data, progress=record if progress else None, **kwargs)

    monkeypatch.setattr(services_import, "check", watched_check)
    client = client_for("contract_manager")
    upload(client, csv_bytes(good_rows()))
    kpi_import = KpiImport.objects.get()
    detail = reverse("ratings:kpi_import_detail", args=[kpi_import.pk])
    assert "imported in the background" in client.get(detail).content.decode()

    client.post(
        reverse("ratings:kpi_import_confirm", args=[kpi_import.pk]),
        {"fingerprint": kpi_import.summary["fingerprint"]},
    )
    # The worker (run at once in tests) went from queued to running, counting rows as it went.
    assert seen == [("running", 2), ("running", 4), ("running", 6), ("running", 8), ("running", 9)]
    kpi_import.refresh_from_db()
    assert (kpi_import.status, kpi_import.rows_done, kpi_import.rows_total) == ("imported", 9, 9)
    assert "Values changed (9)" in client.get(detail).content.decode()


def test_the_progress_page_updates_its_status_every_2_seconds_without_reloading(
    qcpm: Any, client_for: Callable[[str], Client]
) -> None:
    kpi_import = KpiImport.objects.create(
        file_name="big.csv",
        sha256="1" * 64,
        uploaded_by=qcpm.world.user("admin"),
        status=KpiImport.Status.RUNNING,
        rows_total=20000,
        rows_done=5000,
    )
    detail = reverse("ratings:kpi_import_detail", args=[kpi_import.pk])
    content = client_for("admin").get(detail).content.decode()
    # A timed reload of the whole page fails WCAG 2.2.1; the script updates the status line
    # (a live region) instead, and without it the page links to itself to check again.
    assert 'http-equiv="refresh"' not in content
    assert '<div data-import-progress data-check-every="2">' in content
    assert '<p role="status">Checked 5,000 of 20,000 rows (25%).</p>' in content
    assert "ratings/kpi_import_progress.mjs" in content
    assert f'<a href="{detail}">Check how far it has got</a>' in content


def test_a_failed_background_import_says_why(
    qcpm: Any, client_for: Callable[[str], Client]
) -> None:
    kpi_import = KpiImport.objects.create(
        file_name="big.csv", sha256="1" * 64, status=KpiImport.Status.QUEUED, rows_total=9
    )
    apply_queued_run.enqueue(
        run_model=services_import.IMPORTER.label,
        run_id=kpi_import.pk,
        actor_id=None,
        fingerprint="x",
    )
    kpi_import.refresh_from_db()
    assert kpi_import.status == KpiImport.Status.FAILED
    content = (
        client_for("admin")
        .get(reverse("ratings:kpi_import_detail", args=[kpi_import.pk]))
        .content.decode()
    )
    assert "The import failed" in content and "cannot be read" in content


def test_contract_managers_see_only_their_own_imports(
    qcpm: Any, client_for: Callable[[str], Client]
) -> None:
    theirs = KpiImport.objects.create(
        file_name="admin.csv", sha256="2" * 64, uploaded_by=qcpm.world.user("admin")
    )
    client = client_for("contract_manager")
    assert "admin.csv" not in client.get(reverse("ratings:kpi_import_list")).content.decode()
    assert client.get(reverse("ratings:kpi_import_detail", args=[theirs.pk])).status_code == 404
    assert (
        "admin.csv" in client_for("admin").get(reverse("ratings:kpi_import_list")).content.decode()
    )


def test_the_imports_list_runs_the_same_queries_however_many_imports(
    qcpm: Any, client_for: Callable[[str], Client]
) -> None:
    client = client_for("admin")
    admin = qcpm.world.user("admin")
    url = reverse("ratings:kpi_import_list")

    def add(count: int) -> None:
        for number in range(count):
            KpiImport.objects.create(
                file_name=f"f{number}.csv",
                sha256=str(number),
                uploaded_by=admin,
                summary={"created": number},
            )

    add(2)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    add(30)
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(few)
    with CaptureQueriesContext(connection) as upload_page:
        client.get(UPLOAD)
    assert len(upload_page) <= len(few) + 2


def test_an_upload_for_a_provider_elsewhere_is_refused_for_a_contract_manager(
    qcpm: Any, client_for: Callable[[str], Client]
) -> None:
    rows = [("10000002", "NURS-ADULT", "2025/26", "NSS", "80", "", "")]
    content = upload(client_for("contract_manager"), csv_bytes(rows)).content.decode()
    assert "10000002 is not the UKPRN of an education provider in your region." in content
    assert LONDON in csv_bytes(good_rows()).decode()

"""A KPI import whose worker died: shown as failed with nothing changed, and confirmed again."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from core import clock
from core.imports.recovery import HEARTBEAT_TIMEOUT
from ratings.models import KpiImport, KpiValue, KpiValueHistory
from ratings.tests.import_helpers import confirm_imports_the_good_rows, csv_bytes, good_rows

pytestmark = pytest.mark.django_db


def test_a_run_whose_worker_died_is_shown_failed_and_can_be_confirmed_again(
    qcpm: Any, client_for: Callable[[str], Client]
) -> None:
    client = client_for("contract_manager")
    client.post(
        reverse("ratings:kpi_import_upload"),
        {"file": SimpleUploadedFile("kpis.csv", csv_bytes(good_rows()))},
    )
    kpi_import = KpiImport.objects.get()
    fingerprint = kpi_import.summary["fingerprint"]
    values = list(KpiValue.objects.order_by("pk").values_list("pk", "value", "source"))
    # The worker started, read some rows and was killed: the run is left "running" and its
    # heartbeat stopped long ago.
    KpiImport.objects.filter(pk=kpi_import.pk).update(
        status=KpiImport.Status.RUNNING,
        rows_done=4,
        heartbeat_at=clock.now() - HEARTBEAT_TIMEOUT - dt.timedelta(minutes=1),
    )

    detail = reverse("ratings:kpi_import_detail", args=[kpi_import.pk])
    content = client.get(detail).content.decode()
    kpi_import.refresh_from_db()
    assert kpi_import.status == KpiImport.Status.FAILED
    assert "The import failed" in content and "unexpected error" in content
    assert "Confirm import again" in content
    # Nothing was written: the values and their history are as they were.
    assert list(KpiValue.objects.order_by("pk").values_list("pk", "value", "source")) == values
    assert not KpiValueHistory.objects.exists()

    confirm_imports_the_good_rows(client, kpi_import, fingerprint)


def test_a_running_import_with_a_recent_heartbeat_is_left_running(
    qcpm: Any, client_for: Callable[[str], Client]
) -> None:
    kpi_import = KpiImport.objects.create(
        file_name="big.csv",
        sha256="1" * 64,
        uploaded_by=qcpm.world.user("admin"),
        status=KpiImport.Status.RUNNING,
        rows_total=20000,
        rows_done=5000,
        heartbeat_at=clock.now(),
    )
    content = (
        client_for("admin")
        .get(reverse("ratings:kpi_import_detail", args=[kpi_import.pk]))
        .content.decode()
    )
    assert "Checked 5,000 of 20,000 rows (25%)." in content
    kpi_import.refresh_from_db()
    assert kpi_import.status == KpiImport.Status.RUNNING

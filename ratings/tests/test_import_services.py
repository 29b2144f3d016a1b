"""Applying a KPI file: one transaction, provenance on every value, history of every change."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from core.imports.errors import PlanChanged
from ratings.imports.services import import_confirm, import_file, import_preview
from ratings.models import KpiImport, KpiValue, KpiValueHistory
from ratings.tests.import_helpers import MIDLANDS, csv_bytes, good_rows

pytestmark = pytest.mark.django_db


def nursing_values(provider: Any) -> dict[str, Decimal | None]:
    return dict(
        KpiValue.objects.filter(education_provider=provider, academic_year=2025).values_list(
            "kpi__code", "value"
        )
    )


def test_a_file_creates_and_changes_values_with_their_source(qcpm: Any) -> None:
    admin = qcpm.world.user("admin")
    rows = [*good_rows(), (MIDLANDS, "NURS-ADULT", "2025/26", "NSS", "71", "", "")]
    plan, kpi_import = import_file(actor=admin, file_name="kpis.csv", data=csv_bytes(rows))
    assert plan.counts() == {"rows": 10, "created": 0, "changed": 9, "unchanged": 1}
    assert kpi_import is not None and kpi_import.status == KpiImport.Status.IMPORTED
    assert kpi_import.uploaded_by == admin and str(kpi_import.file.name).endswith(".csv")
    assert nursing_values(qcpm.world.london_ep)["FILL"] == Decimal("91.6667")
    changed = KpiValue.objects.filter(education_provider=qcpm.world.london_ep)
    assert set(changed.values_list("source", flat=True)) == {kpi_import.pk}
    # The unchanged Midlands value keeps its earlier (empty) source.
    assert (
        KpiValue.objects.get(education_provider=qcpm.world.midlands_ep, kpi__code="NSS").source
        is None
    )


def test_a_changed_value_keeps_its_old_value_and_both_imports_in_history(qcpm: Any) -> None:
    first_rows = [(MIDLANDS, "NURS-ADULT", "2025/26", "NSS", "72", "", "")]
    _, first = import_file(actor=None, file_name="a.csv", data=csv_bytes(first_rows))
    second_rows = [(MIDLANDS, "NURS-ADULT", "2025/26", "NSS", "75.5", "", "")]
    _, second = import_file(actor=None, file_name="b.csv", data=csv_bytes(second_rows))
    value = KpiValue.objects.get(education_provider=qcpm.world.midlands_ep, kpi__code="NSS")
    assert (value.value, value.source) == (Decimal("75.5"), second)
    latest, original = value.history.order_by("-pk")
    assert (latest.value, latest.source, latest.replaced_by) == (Decimal("72"), first, second)
    assert (original.value, original.source, original.replaced_by) == (Decimal("71"), None, first)


def test_importing_the_same_file_again_changes_nothing(qcpm: Any) -> None:
    data = csv_bytes(good_rows() + good_rows(year="2025/26", ukprn=MIDLANDS))
    import_file(actor=None, file_name="kpis.csv", data=data)
    state = list(KpiValue.objects.order_by("pk").values_list("pk", "value", "source", "updated_at"))
    history = KpiValueHistory.objects.count()
    plan, _ = import_file(actor=None, file_name="kpis.csv", data=data)
    assert plan.counts() == {"rows": 18, "created": 0, "changed": 0, "unchanged": 18}
    assert (
        list(KpiValue.objects.order_by("pk").values_list("pk", "value", "source", "updated_at"))
        == state
    )
    assert KpiValueHistory.objects.count() == history


def test_new_values_are_created_for_a_provider_without_any(qcpm: Any) -> None:
    KpiValue.objects.filter(education_provider=qcpm.world.london_ep).delete()
    plan, kpi_import = import_file(actor=None, file_name="kpis.csv", data=csv_bytes(good_rows()))
    assert plan.counts()["created"] == 9
    summary = kpi_import.summary if kpi_import else {}
    assert summary["by_year_kpi"][0] == ["2025/26", "ACTN", 1, 0, 0]


def test_a_dry_run_saves_nothing(qcpm: Any) -> None:
    before = list(KpiValue.objects.values_list("pk", "value"))
    plan, kpi_import = import_file(
        actor=None, file_name="kpis.csv", data=csv_bytes(good_rows()), dry_run=True
    )
    assert plan.is_valid and kpi_import is None
    assert list(KpiValue.objects.values_list("pk", "value")) == before
    assert not KpiImport.objects.exists()


def test_a_preview_confirmed_after_the_values_changed_is_refused(qcpm: Any) -> None:
    manager = qcpm.world.user("contract_manager")
    plan, kpi_import = import_preview(
        actor=manager, file_name="kpis.csv", data=csv_bytes(good_rows())
    )
    assert plan is not None and kpi_import is not None
    KpiValue.objects.filter(education_provider=qcpm.world.london_ep, kpi__code="NSS").update(
        value=Decimal("84.5")
    )
    with pytest.raises(PlanChanged):
        import_confirm(actor=manager, kpi_import=kpi_import, fingerprint=plan.fingerprint)
    kpi_import.refresh_from_db()
    assert kpi_import.status == KpiImport.Status.PREVIEWED
    assert kpi_import.summary["changed"] == 8
    assert not KpiValueHistory.objects.exists()


def test_the_command_imports_and_prints_a_summary(qcpm: Any, tmp_path: Path, capsys: Any) -> None:
    path = tmp_path / "kpis.csv"
    path.write_bytes(csv_bytes(good_rows()))
    call_command("import_kpi_values", str(path), "--actor", "contracts@world.test")
    out = capsys.readouterr().out
    assert "9 rows; created 0, changed 9, unchanged 0" in out
    assert KpiImport.objects.get().uploaded_by == qcpm.world.user("contract_manager")


def test_the_command_lists_every_error_and_fails(qcpm: Any, tmp_path: Path) -> None:
    path = tmp_path / "kpis.csv"
    rows = [*good_rows(), ("99999999", "NOPE", "2025/26", "NSS", 80, "", "")]
    path.write_bytes(csv_bytes(rows))
    with pytest.raises(CommandError) as error:
        call_command("import_kpi_values", str(path), "--dry-run")
    assert "2 errors" in str(error.value)
    assert "Row 11, column ukprn" in str(error.value)
    assert "Row 11, column programme_code" in str(error.value)


def test_the_command_refuses_an_actor_who_may_not_load_data(qcpm: Any, tmp_path: Path) -> None:
    path = tmp_path / "kpis.csv"
    path.write_bytes(csv_bytes(good_rows()))
    with pytest.raises(CommandError, match="may not load KPI data"):
        call_command("import_kpi_values", str(path), "--actor", "london.lead@world.test")

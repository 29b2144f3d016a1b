"""Random rows never crash the parser or the importer, and never leave a partial write."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ratings.imports.plan import build_plan
from ratings.imports.services import import_file
from ratings.models import KpiImport, KpiValue
from ratings.tests.import_helpers import LONDON, MIDLANDS, csv_bytes

pytestmark = pytest.mark.django_db

cell = st.one_of(
    st.sampled_from(["", " ", "0", "-1", "12.5", "100", "101", "1e9", "NaN", "x", "=1+1"]),
    st.text(max_size=12),
)
row = st.tuples(
    st.one_of(st.sampled_from([LONDON, MIDLANDS, "99999999"]), cell),
    st.one_of(st.sampled_from(["NURS-ADULT", "nurs-adult", "NOPE"]), cell),
    st.one_of(st.sampled_from(["2025/26", "2024/25", "2025"]), cell),
    st.one_of(st.sampled_from(["FILL", "NSS", "DATA", "ZZZ"]), cell),
    cell,
    cell,
    cell,
)
SETTINGS = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@SETTINGS
@given(rows=st.lists(row, max_size=8))
def test_random_rows_give_a_plan_or_errors_never_a_crash(qcpm: Any, rows: list[Any]) -> None:
    plan = build_plan(csv_bytes(rows), actor=None)
    assert plan.is_valid or plan.errors
    for error in plan.errors:
        assert error.message


@SETTINGS
@given(rows=st.lists(row, min_size=1, max_size=6))
def test_random_files_are_imported_whole_or_not_at_all(qcpm: Any, rows: list[Any]) -> None:
    before = sorted(KpiValue.objects.values_list("pk", "value", "numerator", "denominator"))
    imports = KpiImport.objects.count()
    plan, kpi_import = import_file(actor=None, file_name="random.csv", data=csv_bytes(rows))
    after = sorted(KpiValue.objects.values_list("pk", "value", "numerator", "denominator"))
    if not plan.is_valid:
        assert kpi_import is None and after == before
        assert KpiImport.objects.count() == imports
        return
    assert kpi_import is not None
    assert KpiValue.objects.filter(source=kpi_import).count() == len(plan.creates) + len(
        plan.updates
    )
    # A second import of the same file changes nothing.
    again, _ = import_file(actor=None, file_name="random.csv", data=csv_bytes(rows))
    assert again.counts()["unchanged"] == plan.rows
    assert sorted(KpiValue.objects.values_list("pk", "value", "numerator", "denominator")) == after

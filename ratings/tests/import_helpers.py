"""Building KPI files for the import tests, and confirming one through the pages."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from django.test import Client
from django.urls import reverse

from ratings.models import KpiImport, KpiValue

HEADER = (
    "ukprn",
    "programme_code",
    "academic_year",
    "kpi_code",
    "value",
    "numerator",
    "denominator",
)
LONDON = "10000001"
MIDLANDS = "10000002"


def csv_bytes(rows: Iterable[Sequence[object]], header: Sequence[str] = HEADER) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    for row in rows:
        writer.writerow(["" if cell is None else cell for cell in row])
    return buffer.getvalue().encode()


def good_rows(ukprn: str = LONDON, year: str = "2025/26") -> list[tuple[object, ...]]:
    """A valid row for every default KPI of one provider's adult nursing."""
    return [
        (ukprn, "NURS-ADULT", year, "FILL", "", 110, 120),
        (ukprn, "NURS-ADULT", year, "ATTR", "", 10, 110),
        (ukprn, "NURS-ADULT", year, "COMP", "", 80, 100),
        (ukprn, "NURS-ADULT", year, "PROG", "", 100, 112),
        (ukprn, "NURS-ADULT", year, "EMPL", "", 90, 100),
        (ukprn, "NURS-ADULT", year, "NSS", 84.5, "", ""),
        (ukprn, "NURS-ADULT", year, "NETS", 81, "", ""),
        (ukprn, "NURS-ADULT", year, "DATA", 2, "", ""),
        (ukprn, "NURS-ADULT", year, "ACTN", "", 8, 10),
    ]


def confirm_imports_the_good_rows(client: Client, kpi_import: KpiImport, fingerprint: str) -> None:
    """Confirm the import of ``good_rows()`` over the fixture's values: nine values change."""
    confirmed = client.post(
        reverse("ratings:kpi_import_confirm", args=[kpi_import.pk]),
        {"fingerprint": fingerprint},
        follow=True,
    )
    assert "Imported kpis.csv: 0 new, 9 changed, 0 unchanged." in confirmed.content.decode()
    kpi_import.refresh_from_db()
    assert kpi_import.status == KpiImport.Status.IMPORTED
    assert KpiValue.objects.filter(source=kpi_import).count() == 9

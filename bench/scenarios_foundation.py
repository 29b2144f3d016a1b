"""Foundation: the organisation register and audit log at national scale."""

from __future__ import annotations

from pathlib import Path

from django.test import Client

from accounts.models import User
from bench.timing import Measure, measure, once, sql_ms
from organisations.models import Organisation


def run() -> list[Measure]:
    admin = User.objects.get(email="admin@demo.test")
    lead = User.objects.get(email="london.lead@demo.test")
    client = Client()
    client.force_login(admin)
    lead_client = Client()
    lead_client.force_login(lead)
    results = []
    count = Organisation.objects.count()

    page = measure(
        f"Organisation list, first page of {count:,} (administrator)",
        lambda: client.get("/organisations/"),
        target="< 300 ms",
    )
    page.sql_ms = sql_ms(
        "SELECT o.*, r.name FROM organisations_organisation o "
        "LEFT JOIN organisations_region r ON r.id = o.region_id ORDER BY o.name, o.id LIMIT 50"
    )
    results.append(page)

    search = measure(
        "Organisation list, search 'hospital' (regional lead)",
        lambda: lead_client.get("/organisations/?q=hospital&kind=placement_provider"),
        target="< 300 ms",
    )
    search.sql_ms = sql_ms(
        "SELECT o.* FROM organisations_organisation o WHERE lower(o.name) LIKE %s "
        "AND o.kind = 'placement_provider' ORDER BY o.name, o.id LIMIT 50",
        ["%hospital%"],
    )
    results.append(search)

    def export() -> None:
        response = client.get("/organisations/?format=csv")
        for _ in response.streaming_content:  # type: ignore[attr-defined]  # the download is a streaming response
            pass

    csv = once(f"Organisation CSV download, all {count:,}", export, target="< 2 s", memory=True)
    csv.sql_ms = sql_ms(
        "SELECT o.* FROM organisations_organisation o "
        "LEFT JOIN organisations_region r ON r.id = o.region_id ORDER BY o.name, o.id"
    )
    results.append(csv)

    audit = measure("Audit log, first page", lambda: client.get("/audit/"), target="< 300 ms")
    audit.sql_ms = sql_ms(
        "SELECT * FROM auditlog_logentry ORDER BY timestamp DESC, id DESC LIMIT 50"
    )
    results.append(audit)

    programmes = measure(
        "Programme list with places for every programme",
        lambda: client.get("/programmes/"),
        target="< 300 ms",
    )
    programmes.sql_ms = sql_ms(
        "SELECT p.id, count(DISTINCT c.education_provider_id), sum(c.places) "
        "FROM programmes_programme p LEFT JOIN programmes_commission c ON c.programme_id = p.id "
        "GROUP BY p.id"
    )
    results.append(programmes)
    results.extend(_ods_import(admin))
    return results


def _ods_import(admin: User) -> list[Measure]:
    """The real ODS sample, when the shared data folder is beside the repository."""
    from django.conf import settings
    from django.db import transaction

    from organisations.imports.services import import_file

    sample = Path(settings.BASE_DIR).parent / "shared" / "data" / "ods" / "etr.csv"
    if not sample.exists():
        return []
    data = sample.read_bytes()
    rows = data.count(b"\n")

    def first_import() -> None:
        # Rolled back each time, so every run creates the same organisations afresh.
        with transaction.atomic():
            import_file(actor=admin, source="ods", file_name=sample.name, data=data)
            transaction.set_rollback(True)

    first = once(
        f"ODS trust extract, {rows} rows: validate and create",
        first_import,
        target="< 5 s",
        memory=True,
    )
    import_file(actor=admin, source="ods", file_name=sample.name, data=data)
    again = once(
        f"ODS trust extract, {rows} rows: re-import, nothing changes",
        lambda: import_file(actor=admin, source="ods", file_name=sample.name, data=data),
        target="< 5 s",
        memory=True,
    )
    codes = [line.split(b",", 1)[0].decode() for line in data.splitlines() if line]
    marks = ", ".join(["%s"] * len(codes))
    again.sql_ms = sql_ms(
        f"SELECT * FROM organisations_organisation WHERE ods_code IN ({marks})", codes
    )
    return [first, again]

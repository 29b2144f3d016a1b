"""Foundation: the organisation register and audit log at national scale."""

from __future__ import annotations

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
        for _ in response.streaming_content:
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
    return results

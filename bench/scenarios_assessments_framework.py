"""Self-assessment framework: the default framework's pages, cloning it and reloading it.

The framework's size does not grow with the national seed: QF2021 has 6 domains, 33
standards and 97 questions. The scenario loads it if the seed has not, and clones it once
so the mapping page has something to compare.
"""

from __future__ import annotations

import itertools

from django.test import Client

from access.roles import Role
from accounts.models import User
from assessments.framework.loading import DEFAULT_FRAMEWORK_FILE, framework_load_file
from assessments.framework.services import framework_clone
from assessments.models import FrameworkVersion
from bench.timing import Measure, measure, once, sql_ms

TREE_SQL = (
    "SELECT d.id, d.number, d.title, s.id, s.number, s.ref, s.title, ps.ref, "
    "q.id, q.number, q.ref, q.text, q.guidance, q.allow_not_applicable, q.comment_rule, "
    "q.evidence_allowed, pq.ref, pq.text FROM assessments_domain d "
    "JOIN assessments_standard s ON s.domain_id = d.id "
    "LEFT JOIN assessments_standard ps ON ps.id = s.previous_id "
    "JOIN assessments_question q ON q.standard_id = s.id "
    "LEFT JOIN assessments_question pq ON pq.id = q.previous_id "
    "WHERE d.version_id = %s ORDER BY d.number, s.number, q.number"
)


def _admin() -> User:
    admin = User.objects.filter(email="admin@demo.test").first()
    if admin is None:
        admin = User.objects.filter(memberships__role=Role.QUALITY_ADMIN).first()
    assert admin is not None, "The benchmark needs a quality administrator"
    return admin


def run() -> list[Measure]:
    admin = _admin()
    framework_load_file(actor=None, path=DEFAULT_FRAMEWORK_FILE)
    source = FrameworkVersion.objects.get(code="QF2021")
    clone = FrameworkVersion.objects.filter(code="QFBENCH").first() or framework_clone(
        actor=admin, source=source, code="QFBENCH", name="Benchmark copy"
    )
    client = Client()
    client.force_login(admin)
    results = []

    listing = measure(
        f"Framework versions list ({FrameworkVersion.objects.count()} versions)",
        lambda: client.get("/self-assessment/framework/"),
        target="< 300 ms",
    )
    listing.sql_ms = sql_ms(
        "SELECT v.id, v.code, v.name, "
        "(SELECT count(*) FROM assessments_question q WHERE q.version_id = v.id), "
        "(SELECT count(*) FROM assessments_campaign c WHERE c.framework_version_id = v.id) "
        "FROM assessments_frameworkversion v ORDER BY v.code DESC"
    )
    results.append(listing)

    detail = measure(
        "Framework version page, QF2021 (6 domains, 33 standards, 97 questions)",
        lambda: client.get("/self-assessment/framework/QF2021/"),
        target="< 300 ms",
    )
    detail.sql_ms = sql_ms(TREE_SQL, [source.pk])
    results.append(detail)

    mapping = measure(
        "Framework mapping page, a clone of QF2021 against QF2021",
        lambda: client.get(f"/self-assessment/framework/{clone.code}/mapping/"),
        target="< 300 ms",
    )
    mapping.sql_ms = sql_ms(TREE_SQL, [clone.pk])
    results.append(mapping)

    edit = measure(
        "Framework question edit form (every other version's questions to map to)",
        lambda: client.get(f"/self-assessment/framework/questions/{clone.code}-3.2-Q1/edit/"),
        target="< 300 ms",
    )
    edit.sql_ms = sql_ms(
        "SELECT q.id, q.ref, q.text FROM assessments_question q WHERE q.version_id <> %s",
        [clone.pk],
    )
    results.append(edit)

    taken = set(FrameworkVersion.objects.values_list("code", flat=True))
    codes = (code for n in itertools.count(1) if (code := f"QFB{n}") not in taken)
    results.append(
        once(
            "Clone QF2021 (137 records, each audited)",
            lambda: framework_clone(
                actor=admin, source=source, code=next(codes), name="Benchmark clone"
            ),
            target="< 2 s",
        )
    )
    results.append(
        once(
            "load_framework of the default file, nothing changed",
            lambda: framework_load_file(actor=None, path=DEFAULT_FRAMEWORK_FILE),
            target="< 1 s",
        )
    )
    return results

"""Idempotent reference loading: unchanged records are left alone without extra queries."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.reference import LoadSummary, upsert
from programmes.models import Profession, Programme

pytestmark = pytest.mark.django_db


def _profession(code: str) -> Profession:
    return Profession.objects.create(code=code, name=f"Profession {code}", group="other")


def test_an_unchanged_foreign_key_is_checked_without_fetching_its_record() -> None:
    nursing = _profession("TSTNUR")
    Programme.objects.create(code="TSTP1", name="Test programme", profession=nursing)
    summary = LoadSummary()
    with CaptureQueriesContext(connection) as queries:
        upsert(
            Programme,
            {"code": "TSTP1"},
            {"name": "Test programme", "profession": nursing},
            summary,
        )
    # Only the lookup: the profession is compared by id, not loaded.
    assert len(queries.captured_queries) == 1
    assert (summary.unchanged, summary.created, summary.updated) == (1, [], [])


def test_a_changed_foreign_key_is_saved_and_counted() -> None:
    nursing, midwifery = _profession("TSTNUR"), _profession("TSTMID")
    Programme.objects.create(code="TSTP1", name="Test programme", profession=nursing)
    summary = LoadSummary()
    programme = upsert(
        Programme, {"code": "TSTP1"}, {"name": "Test programme", "profession": midwifery}, summary
    )
    programme.refresh_from_db()
    assert programme.profession_id == midwifery.pk
    assert len(summary.updated) == 1 and summary.unchanged == 0

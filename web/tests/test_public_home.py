"""The public home page leads to everything published, from a list the processes hand up."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from core import published
from core.published import PublishedEntry
from ratings.tests.access_rules_reports import with_published


def test_the_public_home_leads_to_published_ratings_and_national_reports(db):
    body = Client().get("/").content.decode()
    assert f'href="{reverse("ratings:public")}"' in body
    assert f'href="{reverse("assessments:public_reports")}"' in body
    assert "Education provider ratings" in body
    assert "Placement provider self-assessment: national reports" in body
    assert body.count("Nothing has been published yet.") == 2
    assert "downloaded as a CSV file or an Excel workbook" in body


def test_each_entry_says_what_is_out_now(world):
    with_published(world)
    body = Client().get("/").content.decode()
    assert "Latest: 2024/25" in body
    assert body.count("Nothing has been published yet.") == 1


@pytest.fixture
def interventions(monkeypatch):
    """A process that is not built yet hands up its published reports like the others."""
    monkeypatch.setattr(published, "_entries", dict(published._entries))
    published.register(
        PublishedEntry(
            "Quality intervention reports",
            "web:accessibility",  # any public page stands in for the reports' page
            "Reports of review visits, by region.",
            order=30,
            latest=lambda: "Latest: 1 March 2027",
        )
    )


def test_a_process_adds_its_published_things_without_changing_the_home_page(db, interventions):
    body = Client().get("/").content.decode()
    assert "Quality intervention reports" in body and "Latest: 1 March 2027" in body
    assert body.index("national reports") < body.index("Quality intervention reports")

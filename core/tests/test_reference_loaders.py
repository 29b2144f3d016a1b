"""Apps hand their reference-data loaders to core; the command runs them in order."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from core import reference
from core.reference import LoadSummary


def test_every_app_registers_its_loader_in_the_order_records_need():
    assert [loader.label for loader in reference.loaders()] == [
        "Regions, offices and teams",
        "Professions and programmes",
        "KPI definitions",
        "Default quality framework",
    ]


def test_the_command_runs_each_registered_loader_and_says_what_it_did(monkeypatch):
    calls = []

    def load(label):
        def run(*, actor):
            calls.append((label, actor))
            return LoadSummary(created=["x"], unchanged=2)

        return run

    monkeypatch.setattr(reference, "_loaders", {})
    reference.register_loader("Second", load("Second"), order=20)
    reference.register_loader("First", load("First"), order=10)
    out = StringIO()
    call_command("load_reference_data", stdout=out)
    assert calls == [("First", None), ("Second", None)]
    assert out.getvalue().splitlines() == [
        "First: 1 created, 0 updated, 2 unchanged",
        "Second: 1 created, 0 updated, 2 unchanged",
    ]


@pytest.mark.django_db
def test_loading_twice_changes_nothing():
    call_command("load_reference_data", stdout=StringIO())
    out = StringIO()
    call_command("load_reference_data", stdout=out)
    assert all(" 0 created, 0 updated" in line for line in out.getvalue().splitlines())

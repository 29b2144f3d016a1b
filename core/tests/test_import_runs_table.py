"""One table of an import's past runs serves every import."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

from django.template import engines

TEMPLATE = """{% from "core/macros/imports.html" import runs_table %}
{% call(run) runs_table(runs, "Past runs", "organisations:import_detail",
   [("Created", "created"), ("Skipped", "skipped")]) %}from {{ run.source }}{% endcall %}
{{ runs_table(runs, "Plain", "organisations:import_detail", [("Created", "created")]) }}"""


def test_each_run_shows_who_when_file_state_rows_the_named_counts_and_the_callers_note():
    run = SimpleNamespace(
        pk=7,
        file_name="ods.csv",
        source="ODS",
        finished_at=None,
        uploaded_at=dt.datetime(2026, 11, 30, 9, 15, tzinfo=dt.UTC),
        uploaded_by=SimpleNamespace(full_name="Aisha Rahman", email="a@x.test"),
        get_status_display=lambda: "Imported",
        rows_total=1234,
        summary={"created": 5},
    )
    html = engines.all()[0].from_string(TEMPLATE).render({"runs": [run]})
    assert html.count("/organisations/imports/7/") == 2
    assert "from ODS" in html and html.count("from ODS") == 1
    for text in ("Aisha Rahman", "Imported", "1,234", "30 November 2026", ">Skipped<", ">0<"):
        assert text in html, text

"""Every published ratings table downloads as CSV and Excel, holding what the page shows and
nothing that is not published."""

from __future__ import annotations

import csv
import io

from django.urls import reverse
from openpyxl import load_workbook

from organisations.models import Organisation
from ratings.models import RoundStatus
from ratings.testing import (
    LONDON_VALUES,
    add_values,
    methodology_for,
    rating_from_values,
    round_of,
)

PUBLIC = reverse("ratings:public")


def _published(qcpm, year=2024, values=LONDON_VALUES):
    methodology = methodology_for(qcpm.world, year)
    round_ = round_of(qcpm.world.london_ep, methodology, status=RoundStatus.PUBLISHED)
    add_values(qcpm.world.london_ep, qcpm.world.nursing, year, values)
    return round_, rating_from_values(round_, qcpm.world.london_ep, qcpm.world.nursing)


def _csv(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def _xlsx(response):
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def test_the_published_ratings_download_as_csv_and_excel_with_links_on_the_page(qcpm, client):
    _published(qcpm)
    body = client.get(PUBLIC).content.decode()
    assert 'href="?year=2024&amp;format=csv"' in body
    assert 'href="?year=2024&amp;format=xlsx"' in body

    rows = _csv(client.get(PUBLIC, {"year": 2024, "format": "csv"}))
    assert rows[0] == [
        "Academic year",
        "Education provider",
        "UKPRN",
        "Region",
        "Programme",
        "Rating",
        "Score",
    ]
    assert rows[1][:6] == [
        "2024/25",
        "University of Thameside",
        "10000001",
        "London",
        "Pre-registration nursing (adult)",
        "Green",
    ]
    # The draft round's ratings (2025/26, both providers) stay out of the public file.
    assert len(rows) == 2
    assert all("Trentbridge" not in cell for row in rows for cell in row)

    sheet = _xlsx(client.get(PUBLIC, {"year": 2024, "format": "xlsx"}))
    assert sheet[0][1] == "Education provider" and sheet[1][1] == "University of Thameside"


def test_without_a_published_round_there_is_nothing_to_download(qcpm, client):
    response = client.get(PUBLIC, {"format": "csv"})
    assert response["Content-Type"].startswith("text/html")
    assert client.get(PUBLIC, {"year": 2025, "format": "csv"}).status_code == 404


def test_a_provider_download_withholds_what_the_page_withholds(qcpm, client):
    small = dict(LONDON_VALUES, ACTN=(None, 5, 6))
    _published(qcpm, values=small)
    url = reverse("ratings:public_provider", args=[qcpm.world.london_ep.pk])
    body = client.get(url, {"year": 2024}).content.decode()
    assert "year=2024&amp;format=csv" in body
    assert "year=2024&amp;table=trend&amp;format=xlsx" in body

    rows = _csv(client.get(url, {"year": 2024, "format": "csv"}))
    assert rows[0][:4] == ["Academic year", "Programme", "Rating", "KPI"]
    by_kpi = {row[3]: row for row in rows[1:]}
    action = next(row for name, row in by_kpi.items() if "action" in name.lower())
    assert action[5] == "Not shown: too few learners" and action[8] == ""
    assert any(row[5] and row[5] != "Not shown: too few learners" for row in rows[1:])

    trend = _csv(client.get(url, {"year": 2024, "table": "trend", "format": "csv"}))
    assert trend[0] == [
        "Academic year",
        "Pre-registration nursing (adult) score",
        "Pre-registration nursing (adult) rating",
    ]
    assert trend[1][0] == "2024/25" and trend[1][2] == "Green"


def test_formula_like_names_are_neutralised_in_the_download(qcpm, client):
    _published(qcpm)
    Organisation.objects.filter(pk=qcpm.world.london_ep.pk).update(name="=HYPERLINK(1)")
    rows = _csv(client.get(PUBLIC, {"year": 2024, "format": "csv"}))
    assert rows[1][1] == "'=HYPERLINK(1)"

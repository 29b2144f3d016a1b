"""The API and the public pages agree on every published figure of a provider: each rating's
band and score, and each KPI's value, target, band and whether it is withheld."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from api.tests.conftest import Published
from api.tests.tables import read

UNITS = {"percent": "%", "days": " days"}


def _number(text: str, unit: str) -> Decimal:
    return Decimal(text.removesuffix(UNITS.get(unit, "")))


def _expected_row(line: dict[str, Any], band_label: str) -> list[str]:
    """A KPI row of the page, written from the API's line."""
    suffix = UNITS.get(line["unit"], "")
    if line["withheld_reason"]:
        value = line["withheld_reason"]
    elif line["value"] is None:
        value = "No data"
    else:
        value = None  # compared as a number below
    counted = line["status_label"] + (f", weight {line['weight']:g}" if line["weight"] else "")
    return [
        line["name"] + (" (critical)" if line["critical"] else ""),
        value or "",
        f"{line['target']:g}{suffix}" if line["target"] is not None else "",
        band_label if line["band"] else "–",
        counted,
    ]


def _compare_kpis(table: list[list[str]], rating: dict[str, Any], labels: dict[str, str]) -> int:
    header, *rows = table
    assert header[:2] == ["KPI", "Value"]
    assert len(rows) == len(rating["kpis"])
    for row, line in zip(rows, rating["kpis"], strict=True):
        expected = _expected_row(line, labels.get(line["band"] or "", ""))
        if line["value"] is not None:
            assert _number(row[1], line["unit"]) == Decimal(str(line["value"])), line["code"]
            expected[1] = row[1]
        assert row[0] == expected[0] and row[1] == expected[1], line["code"]
        if line["target"] is not None:
            assert _number(row[2], line["unit"]) == Decimal(str(line["target"])), line["code"]
        assert row[3] == expected[3] and row[4] == expected[4], line["code"]
    return len(rows)


@pytest.mark.parametrize("year", [2025, 2024])
def test_every_published_figure_of_a_provider_agrees(
    published: Published, client: Client, year: int
) -> None:
    label = f"{year}/{(year + 1) % 100:02d}"
    api = client.get(reverse("api_v1:ratings"), {"provider": "10000001", "year": label}).json()
    page = client.get(
        reverse("ratings:public_provider", args=[published.qcpm.world.london_ep.pk]),
        {"year": year},
    ).content.decode()
    tables, headings = read(page)
    labels = {"green": "Green", "high_amber": "High Amber", "low_amber": "Low Amber", "red": "Red"}
    compared = 0
    for rating in api["results"]:
        name = rating["programme"]["name"] if rating["programme"] else "Overall rating"
        assert f"{name}: {rating['band_label']}" in headings
        if rating["score"] is not None:
            assert f"Score {Decimal(str(rating['score'])):.3f} out of 3." in page
        if rating["kpis"]:
            compared += _compare_kpis(tables[f"KPIs behind the rating of {name}"], rating, labels)
    programme_ratings = [r for r in api["results"] if r["programme"]]
    summary = tables[f"Summary of programme ratings in {label}"][1:]
    assert [(row[0], row[1]) for row in summary] == [
        (r["programme"]["name"], r["band_label"]) for r in programme_ratings
    ]
    assert compared >= 9
    withheld = [line for r in api["results"] for line in r["kpis"] if line["withheld_reason"]]
    assert bool(withheld) == (year == 2024)

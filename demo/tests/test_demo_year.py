"""The demo looks like a real year on the day it is seeded: only the KPI values known by
then, past rounds published on their own days, and actions and comments that do not repeat
a handful of sentences (issue #13, item 20; decision 0024)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command

from assessments.models import Answer, Campaign, NationalReport
from ratings.demo import KNOWN_FROM, known_on, publication_day, rated_years
from ratings.models import KpiValue, Rating, RatingBand, RatingRound, RoundStatus

pytestmark = pytest.mark.django_db
ALL_KPIS = set(KNOWN_FROM)


@pytest.fixture(autouse=True)
def _demo_mode(settings: Any) -> None:
    settings.DEMO_MODE = True


def seed(today: str) -> None:
    call_command("seed_demo", "--today", today, stdout=StringIO())


def kpis_of(year: int) -> set[str]:
    return set(KpiValue.objects.filter(academic_year=year).values_list("kpi__code", flat=True))


def test_each_year_holds_only_the_kpis_known_on_the_day_of_seeding() -> None:
    seed("2028-02-29")

    # 2027/28 is running: starters and the autumn return only.
    assert kpis_of(2027) == {"FILL", "DATA"}
    # 2026/27 ended last August: everything but employment, which comes in March.
    assert kpis_of(2026) == ALL_KPIS - {"EMPL"}
    # 2025/26's employment came in on 1 March 2027.
    assert kpis_of(2025) == ALL_KPIS


def test_on_the_first_day_of_a_year_the_year_just_ended_is_previewed_and_rated() -> None:
    seed("2027-09-01")

    assert kpis_of(2027) == set()
    assert kpis_of(2026) == ALL_KPIS - {"COMP", "EMPL"}
    round_ = RatingRound.objects.get(academic_year=2026, region__code="LON")
    assert round_.status == RoundStatus.PROVIDER_PREVIEW
    bands = Counter(
        Rating.objects.filter(round=round_, programme__isnull=False).values_list("band", flat=True)
    )
    rated = sum(n for band, n in bands.items() if band != RatingBand.NOT_RATED)
    assert rated > bands[RatingBand.NOT_RATED]
    assert not RatingRound.objects.filter(academic_year=2027).exists()


def test_a_kpi_is_known_on_its_own_day_after_its_year_begins() -> None:
    assert known_on("FILL", 2026) == dt.date(2026, 12, 1)
    assert known_on("COMP", 2026) == dt.date(2027, 11, 1)
    assert known_on("EMPL", 2026) == dt.date(2028, 3, 1)
    # Nothing is known before the year starts, and only employment waits beyond its end
    # by more than a few months.
    for code in KNOWN_FROM:
        assert dt.date(2026, 9, 1) < known_on(code, 2026) <= dt.date(2028, 3, 1)


def test_past_rounds_are_published_on_their_own_days_once_every_kpi_is_known() -> None:
    today = dt.date(2026, 11, 30)
    days = [publication_day(year, today) for year in range(2016, 2025)]

    assert len(set(days)) == len(days)
    for year, day in zip(range(2016, 2025), days, strict=True):
        assert day == dt.date(year + 2, 3, 15)
        assert max(known_on(code, year) for code in KNOWN_FROM) <= day < today
    # Never after the day of seeding, however early in a year that is.
    assert publication_day(2025, dt.date(2027, 3, 1)) == dt.date(2027, 2, 22)
    assert rated_years([2022, 2023, 2024, 2025, 2026]) == [2022, 2023, 2024, 2025]


def test_the_national_report_and_the_answers_do_not_repeat_a_few_sentences() -> None:
    seed("2026-11-30")
    last = Campaign.objects.get(academic_year=2025)
    report = NationalReport.objects.get(campaign=last)

    samples = [
        sample
        for item in report.figures["actions"]
        if not item["suppressed"]
        for sample in item["samples"]
    ]
    assert len(samples) >= 100
    assert len(set(samples)) >= 0.9 * len(samples)
    # No sentence is shown under more than one standard: each standard has its own actions.
    standards_of: dict[str, set[str]] = {}
    for item in report.figures["actions"]:
        for sample in item.get("samples", []):
            standards_of.setdefault(sample, set()).add(item["ref"])
    assert all(len(refs) == 1 for refs in standards_of.values())

    comments = Counter(
        Answer.objects.filter(submission__campaign=last)
        .exclude(comment="")
        .values_list("comment", flat=True)
    )
    assert len(comments) >= 80
    assert max(comments.values()) <= 0.05 * sum(comments.values())

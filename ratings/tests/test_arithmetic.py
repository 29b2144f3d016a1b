"""The arithmetic on a rating's page adds up: each KPI's (or programme's) contribution, shown
to three places, and together exactly the score shown."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from ratings.compute.rules import KpiInput, KpiRule, Method, ProgrammeScore, rate, roll_up
from ratings.models import Rating, RatingBand
from ratings.reports.arithmetic import apportion, kpi_sum, roll_up_sum

D = Decimal
THOUSANDTH = D("0.001")


ONE = D(1)


def _rule(code: str, weight: Decimal = ONE) -> KpiRule:
    # Higher is better: 90 and over green, 80 high amber, 70 low amber, below red.
    return KpiRule(code, True, D(90), D(90), D(80), D(70), weight=weight)


THIRDS = Method(rules=[_rule("A"), _rule("B"), _rule("C")])
# Two Low Amber KPIs and a Red one: 2 points over a weight of 3, a score of 0.667, and
# each KPI's exact share a third of that or nothing.
THIRDS_VALUES = [KpiInput("A", D(75)), KpiInput("B", D(72)), KpiInput("C", D(10))]


def test_shares_rounded_together_make_the_rounded_total() -> None:
    assert apportion([D(1), D(1), D(0)], D(3), D("0.667")) == [
        D("0.334"),
        D("0.333"),
        D("0.000"),
    ]
    # Rounded one by one they would make 0.666.
    assert sum((D(1) / D(3)).quantize(THOUSANDTH) for _ in range(2)) == D("0.666")
    # Equal shares are equal however large: the first of them takes the thousandth.
    assert apportion([D(4), D(1)], D(3), D("1.667")) == [D("1.334"), D("0.333")]


def test_a_total_out_of_the_shares_reach_leaves_each_rounded_on_its_own() -> None:
    assert apportion([D("0.25"), D("0.25")], D(1), D("2.000")) == [D("0.250"), D("0.250")]


def _explanation(method: Method, inputs: list[KpiInput]) -> dict[str, Any]:
    return rate(method, inputs).as_dict()


weights = st.decimals(min_value=0, max_value=5, places=2, allow_nan=False)
values = st.one_of(st.none(), st.decimals(min_value=0, max_value=100, places=1))


@given(kpis=st.lists(st.tuples(weights, values), min_size=1, max_size=12))
def test_kpi_contributions_add_up_to_the_rules_score(kpis: list[tuple[Decimal, Any]]) -> None:
    method = Method(
        rules=[_rule(f"K{n}", weight) for n, (weight, _) in enumerate(kpis)], min_coverage=D(0)
    )
    inputs = [KpiInput(f"K{n}", value) for n, (_, value) in enumerate(kpis)]
    outcome = rate(method, inputs)
    sums = kpi_sum(outcome.as_dict())
    if outcome.score is None:
        assert all(part.contribution is None for part in sums.parts.values())
        return
    counted = [
        (part, part.contribution) for part in sums.parts.values() if part.contribution is not None
    ]
    assert sum((contribution for _, contribution in counted), D(0)) == outcome.score
    assert sums.adds_up
    for part, contribution in counted:
        assert abs(contribution - part.amount / sums.weight) < THOUSANDTH
        assert part.factor is not None and part.amount == part.factor * part.weight


scores = st.one_of(st.none(), st.decimals(min_value=0, max_value=3, places=3))


@given(programmes=st.lists(st.tuples(scores, st.integers(0, 400)), min_size=1, max_size=10))
def test_programme_contributions_add_up_to_the_overall_score(
    programmes: list[tuple[Decimal | None, int]],
) -> None:
    _, score = roll_up(THIRDS, [ProgrammeScore(s, places) for s, places in programmes])
    explanation = {
        "score": None if score is None else str(score),
        "programmes": [
            {"programme_id": n, "score": None if s is None else str(s), "places": places}
            for n, (s, places) in enumerate(programmes)
        ],
    }
    sums = roll_up_sum(explanation)
    shown = [part.contribution for part in sums.parts.values() if part.contribution is not None]
    if score is None:
        assert not shown
    else:
        assert sum(shown, D(0)) == score and sums.adds_up


@pytest.mark.django_db
def test_the_rating_page_shows_contributions_that_add_up_to_the_score(
    qcpm: Any, client_for: Callable[[str], Client]
) -> None:
    outcome = rate(THIRDS, THIRDS_VALUES)
    assert outcome.score == D("0.667")
    explanation = outcome.as_dict(lines=False) | {
        "lines": [line.as_dict(name=f"KPI {line.code}", unit="score") for line in outcome.lines]
    }
    rating = Rating.objects.create(
        round=qcpm.round,
        education_provider=qcpm.world.london_ep,
        band=RatingBand.RED,
        score=outcome.score,
        coverage=outcome.coverage,
        explanation=explanation,
    )
    text = client_for("admin").get(reverse("ratings:rating", args=[rating.pk])).content.decode()
    table = text.split("<h2>Each KPI</h2>")[1].split("</table>")[0]
    assert "2 ÷ 3 = 0.667 out of 3" in table
    assert "1 × 1 = 1" in table and "0 × 1 = 0" in table
    first, second, third, total = table.split('<tr class="nhsuk-table__row">')[1:]
    # Each KPI's contribution (the thousandth rounded up goes to the first of the equal
    # shares), and the total row: the scored weight, points and the score.
    assert "<span>0.334</span></td>" in first and "<span>0.333</span></td>" in second
    assert "<span>0.000</span></td>" in third
    assert "<strong>3</strong>" in total and "<strong>2</strong>" in total
    assert "<strong>0.667</strong>" in total


@pytest.mark.django_db
def test_an_overall_rating_shows_each_programmes_share_of_its_score(
    qcpm: Any, client_for: Callable[[str], Client]
) -> None:
    programmes = [(D("2.000"), 2), (D("1.000"), 1), (None, 5)]
    _, score = roll_up(THIRDS, [ProgrammeScore(s, places) for s, places in programmes])
    assert score == D("1.667")
    rating = Rating.objects.create(
        round=qcpm.round,
        education_provider=qcpm.world.london_ep,
        band=RatingBand.LOW_AMBER,
        score=score,
        coverage=D("0.667"),
        explanation={
            "kind": "overall",
            "score": str(score),
            "lines": [],
            "reasons": [],
            "programmes": [
                {
                    "programme_id": n,
                    "name": f"Programme {n}",
                    "band": "not_rated" if s is None else "green",
                    "score": None if s is None else str(s),
                    "places": places,
                }
                for n, (s, places) in enumerate(programmes)
            ],
        },
    )
    text = client_for("admin").get(reverse("ratings:rating", args=[rating.pk])).content.decode()
    table = text.split("<h2>Programmes rolled up</h2>")[1].split("</table>")[0]
    assert "5 ÷ 3 = 1.667 out of 3" in table
    # 4/3 and 1/3 of the score: 1.333... and 0.333..., which must make 1.667.
    assert ">1.334</td>" in table and ">0.333</td>" in table
    assert "<strong>1.667</strong>" in table

"""The rating rule, tested without the database: bands, suppression, coverage, caps."""

from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ratings.compute.rules import (
    Band,
    KpiInput,
    KpiRule,
    Method,
    ProgrammeScore,
    band_for,
    rate,
    roll_up,
)

FILL = KpiRule("FILL", True, D(95), green=D(95), high_amber=D(90), low_amber=D(80))
ATTRITION = KpiRule("ATTR", False, D(10), green=D(10), high_amber=D(15), low_amber=D(20))
NSS = KpiRule("NSS", True, D(80), green=D(80), high_amber=D(75), low_amber=D(70), critical=True)
EMPLOY = KpiRule("EMP", True, D(90), green=D(90), high_amber=D(85), low_amber=D(80), weight=D(2))
METHOD = Method(rules=(FILL, ATTRITION, NSS, EMPLOY))


def _all(**values: str) -> list[KpiInput]:
    return [KpiInput(code, D(value)) for code, value in values.items()]


@pytest.mark.parametrize(
    ("value", "band"),
    [
        ("99", Band.GREEN),
        ("95", Band.GREEN),
        ("94.99", Band.HIGH_AMBER),
        ("90", Band.HIGH_AMBER),
        ("80", Band.LOW_AMBER),
        ("79.9", Band.RED),
    ],
)
def test_higher_is_better_values_on_a_threshold_take_the_better_band(value, band):
    assert band_for(D(value), FILL) == band


@pytest.mark.parametrize(
    ("value", "band"),
    [
        ("4", Band.GREEN),
        ("10", Band.GREEN),
        ("10.1", Band.HIGH_AMBER),
        ("20", Band.LOW_AMBER),
        ("20.5", Band.RED),
    ],
)
def test_lower_is_better_values_are_banded_the_other_way(value, band):
    assert band_for(D(value), ATTRITION) == band


def test_all_green_scores_three_and_is_green():
    outcome = rate(METHOD, _all(FILL="96", ATTR="8", NSS="85", EMP="92"))
    assert (outcome.band, outcome.score, outcome.coverage) == (Band.GREEN, D("3.000"), D("1.000"))
    assert [line.contribution for line in outcome.lines] == [D("0.600")] * 3 + [D("1.200")]


def test_weights_shape_the_score():
    # EMP (weight 2) red, the rest green: (3 + 3 + 3 + 0) / 5 = 1.8 -> high amber.
    outcome = rate(METHOD, _all(FILL="96", ATTR="8", NSS="85", EMP="70"))
    assert outcome.score == D("1.800")
    assert outcome.band == Band.HIGH_AMBER


def test_a_score_exactly_on_a_cut_off_takes_the_better_band():
    method = Method(rules=(FILL, ATTRITION), green_min_score=D("2.5"))
    # green (3) and high amber (2): mean 2.5, exactly the green cut-off.
    assert rate(method, _all(FILL="95", ATTR="12")).band == Band.GREEN


def test_a_red_critical_kpi_caps_the_rating_at_low_amber():
    outcome = rate(METHOD, _all(FILL="99", ATTR="5", NSS="60", EMP="95"))
    assert outcome.score == D("2.400")  # high amber on score alone
    assert outcome.band == Band.LOW_AMBER
    assert any("critical KPI NSS is Red" in reason for reason in outcome.reasons)


def test_a_critical_cap_never_lifts_a_worse_rating():
    outcome = rate(METHOD, _all(FILL="50", ATTR="40", NSS="60", EMP="50"))
    assert outcome.band == Band.RED


def test_small_numbers_are_suppressed_shown_and_not_scored():
    inputs = [*_all(FILL="96", NSS="85", EMP="92"), KpiInput("ATTR", D(50), denominator=D(6))]
    outcome = rate(METHOD, inputs)
    attrition = next(line for line in outcome.lines if line.code == "ATTR")
    assert (attrition.status, attrition.band, attrition.points) == ("suppressed", Band.RED, D(0))
    assert outcome.band == Band.GREEN
    assert outcome.coverage == D("0.800")
    assert any("fewer than 10 learners" in reason for reason in outcome.reasons)


def test_missing_kpis_lower_the_coverage_and_are_named():
    outcome = rate(METHOD, _all(FILL="96", EMP="92", ATTR="8"))
    assert outcome.coverage == D("0.800")
    assert outcome.band == Band.GREEN
    assert "No data: NSS." in outcome.reasons


def test_below_minimum_coverage_a_programme_is_not_rated():
    outcome = rate(METHOD, _all(FILL="96"))
    assert outcome.band is None
    assert outcome.score is None
    assert outcome.coverage == D("0.200")
    assert any(reason.startswith("Not rated") for reason in outcome.reasons)


def test_with_every_kpi_suppressed_there_is_no_rating():
    inputs = [KpiInput(rule.code, D(99), denominator=D(3)) for rule in METHOD.rules]
    outcome = rate(METHOD, inputs)
    assert outcome.band is None
    assert outcome.coverage == D(0)
    assert {line.status for line in outcome.lines} == {"suppressed"}


def test_kpis_outside_the_methodology_are_ignored():
    outcome = rate(METHOD, [*_all(FILL="96", ATTR="8", NSS="85", EMP="92"), KpiInput("XYZ", D(0))])
    assert [line.code for line in outcome.lines] == ["FILL", "ATTR", "NSS", "EMP"]


def test_thresholds_in_the_wrong_order_are_refused():
    with pytest.raises(ValueError, match="FILL: thresholds must fall"):
        KpiRule("FILL", True, D(95), green=D(80), high_amber=D(90), low_amber=D(95))
    with pytest.raises(ValueError, match="cut-offs must fall"):
        Method(rules=(FILL,), green_min_score=D(1), high_amber_min_score=D(2))


def test_the_explanation_survives_a_round_trip_through_json():
    import json

    outcome = rate(METHOD, _all(FILL="96", ATTR="8", NSS="85", EMP="92"))
    data = json.loads(json.dumps(outcome.as_dict()))
    assert data["band"] == "green"
    assert data["lines"][0] == {
        "code": "FILL",
        "value": "96",
        "target": "95",
        "band": "green",
        "weight": "1",
        "critical": False,
        "status": "scored",
        "points": "3",
        "contribution": "0.600",
    }


def test_the_provider_roll_up_weights_programmes_by_places():
    band, score = roll_up(
        METHOD, [ProgrammeScore(D(3), 300), ProgrammeScore(D(0), 20), ProgrammeScore(None, 50)]
    )
    assert score == D("2.813")
    assert band == Band.GREEN


def test_a_provider_with_no_rated_programmes_has_no_overall_rating():
    assert roll_up(METHOD, [ProgrammeScore(None, 10)]) == (None, None)


values = st.decimals(min_value=0, max_value=100, places=2, allow_nan=False)


@given(st.lists(st.tuples(st.sampled_from(["FILL", "ATTR", "NSS", "EMP"]), values), max_size=6))
def test_any_inputs_give_a_band_or_not_rated_and_a_score_between_0_and_3(pairs):
    outcome = rate(METHOD, [KpiInput(code, value) for code, value in dict(pairs).items()])
    assert 0 <= outcome.coverage <= 1
    if outcome.band is not None:
        assert outcome.score is not None
        assert 0 <= outcome.score <= 3


@given(values, values)
def test_a_better_value_never_gives_a_worse_band(a, b):
    low, high = sorted((a, b))
    assert band_for(high, FILL) >= band_for(low, FILL)
    assert band_for(low, ATTRITION) >= band_for(high, ATTRITION)


def _reference_rate(method: Method, inputs: list[KpiInput]) -> tuple:
    """The rule as the module documents it, written plainly (no memos, no passes saved):
    ``rate`` is tuned for speed and must give exactly this."""
    by_code = {item.code: item for item in inputs}
    lines: list[tuple[KpiRule, D | None, Band | None, str]] = []
    for rule in method.rules:
        item = by_code.get(rule.code)
        if item is None or item.value is None:
            lines.append((rule, None, None, "missing"))
        elif item.denominator is not None and item.denominator < method.small_number_threshold:
            lines.append((rule, item.value, band_for(item.value, rule), "suppressed"))
        else:
            lines.append((rule, item.value, band_for(item.value, rule), "scored"))
    scored = [(rule, band) for rule, _, band, status in lines if status == "scored"]
    weight = sum((rule.weight for rule, _ in scored), D(0))
    total = sum((rule.weight for rule in method.rules), D(0))
    coverage = (weight / total).quantize(D("0.001"), "ROUND_HALF_UP") if total else D(0)
    expected_lines = []
    for rule, value, band, status in lines:
        points = D(int(band)) * rule.weight if status == "scored" and band is not None else D(0)
        share = (
            (points / weight).quantize(D("0.001"), "ROUND_HALF_UP")
            if status == "scored" and weight
            else D(0)
        )
        expected_lines.append((rule.code, value, band, status, points, share))
    if not weight or coverage < method.min_coverage:
        return None, None, coverage, expected_lines
    score = (sum(p for *_, p, _ in expected_lines) / weight).quantize(D("0.001"), "ROUND_HALF_UP")
    band = Band.RED
    for cut_off, better in (
        (method.low_amber_min_score, Band.LOW_AMBER),
        (method.high_amber_min_score, Band.HIGH_AMBER),
        (method.green_min_score, Band.GREEN),
    ):
        if score >= cut_off:
            band = better
    if any(rule.critical and b == Band.RED for rule, b in scored):
        band = min(band, method.critical_cap)
    return band, score, coverage, expected_lines


weights = st.sampled_from([D(0), D("0.5"), D(1), D("1.5"), D(2), D(3)])
counts = st.one_of(st.none(), st.integers(min_value=0, max_value=40).map(D))


@given(
    st.lists(
        st.tuples(st.sampled_from(["FILL", "ATTR", "NSS", "EMP"]), st.none() | values, counts),
        max_size=6,
    ),
    weights,
    weights,
    st.booleans(),
)
def test_rate_gives_what_the_plain_reading_of_the_rule_gives(
    triples, fill_weight, nss_weight, critical
):
    method = Method(
        rules=(
            KpiRule(
                "FILL", True, D(95), D(95), D(90), D(80), weight=fill_weight, critical=critical
            ),
            ATTRITION,
            KpiRule("NSS", True, D(80), D(80), D(75), D(70), weight=nss_weight, critical=True),
            EMPLOY,
        )
    )
    inputs = [
        KpiInput(code, value, count)
        for code, (value, count) in {c: (v, n) for c, v, n in triples}.items()
    ]
    outcome = rate(method, inputs)
    band, score, coverage, lines = _reference_rate(method, inputs)
    assert (outcome.band, outcome.score, outcome.coverage) == (band, score, coverage)
    assert [
        (line.code, line.value, line.band, line.status, line.points, line.contribution)
        for line in outcome.lines
    ] == lines
    # Asked again (the memos now warm), and through a mapping as a year's computation asks.
    again = rate(method, {item.code: item for item in inputs})
    assert again == outcome

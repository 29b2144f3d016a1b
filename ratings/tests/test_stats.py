"""Benchmarking arithmetic: funnel limits, ranks, averages and movement."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ratings.compute import stats
from ratings.compute.stats import Movement, Position


def test_limits_at_a_known_point_match_the_normal_approximation():
    limits = stats.control_limits(0.5, 100)
    assert limits.upper95 == pytest.approx(0.5 + 1.959964 * 0.05, abs=1e-6)
    assert limits.lower998 == pytest.approx(0.5 - 3.090232 * 0.05, abs=1e-6)


@given(
    pooled=st.floats(min_value=0, max_value=1),
    denominator=st.floats(min_value=1, max_value=1e6),
)
def test_limits_are_ordered_and_stay_between_0_and_1(pooled, denominator):
    limits = stats.control_limits(pooled, denominator)
    assert 0 <= limits.lower998 <= limits.lower95 <= pooled <= limits.upper95
    assert limits.upper95 <= limits.upper998 <= 1


@given(
    pooled=st.floats(min_value=0.2, max_value=0.8),
    denominator=st.floats(min_value=100, max_value=1e6),
)
def test_limits_are_symmetric_around_the_pooled_proportion_when_not_clipped(pooled, denominator):
    limits = stats.control_limits(pooled, denominator)
    assert pooled - limits.lower95 == pytest.approx(limits.upper95 - pooled)
    assert pooled - limits.lower998 == pytest.approx(limits.upper998 - pooled)


@given(pooled=st.floats(min_value=0.01, max_value=0.99), small=st.integers(1, 500))
def test_limits_narrow_as_the_denominator_grows(pooled, small):
    narrow, wide = stats.control_limits(pooled, small * 4), stats.control_limits(pooled, small)
    assert narrow.upper998 - narrow.lower998 <= wide.upper998 - wide.lower998


def test_bad_limits_input_is_refused():
    with pytest.raises(ValueError, match="between 0 and 1"):
        stats.control_limits(1.5, 10)
    with pytest.raises(ValueError, match="above 0"):
        stats.control_limits(0.5, 0)


def test_a_funnel_pools_all_providers_and_flags_the_outlier():
    points = [(f"P{i}", 80, 100) for i in range(8)] + [("Low", 20, 100)]
    plot = stats.funnel(points)
    assert plot.pooled == pytest.approx((8 * 80 + 20) / 900)
    positions = {p.label: p.position for p in plot.points}
    assert positions["Low"] == Position.BELOW_998
    assert positions["P0"] == Position.WITHIN
    assert plot.curve[0].denominator == pytest.approx(100)


def test_a_small_provider_needs_a_bigger_gap_to_stand_out():
    plot = stats.funnel([("Big", 800, 1000), ("Small", 6, 10), ("Mid", 79, 100)])
    positions = {p.label: p.position for p in plot.points}
    assert positions["Small"] == Position.WITHIN  # 60% of 10 is within chance


def test_a_funnel_without_denominators_is_empty():
    assert stats.funnel([("A", 1, 0)]).pooled is None


def test_equal_scores_share_a_rank_and_the_next_rank_skips():
    ranks = stats.competition_ranks(
        {"a": Decimal("2.5"), "b": Decimal("2.9"), "c": Decimal("2.5"), "d": Decimal(1), "e": None}
    )
    assert ranks == {"b": 1, "a": 2, "c": 2, "d": 4}


def test_group_means_ignore_unscored_ratings():
    means = stats.group_means(
        [("London", Decimal(3)), ("London", Decimal(2)), ("London", None), ("Midlands", None)]
    )
    assert means == {"London": Decimal("2.500"), "Midlands": None}


@pytest.mark.parametrize(
    ("before", "now", "expected"),
    [
        ("red", "green", Movement.IMPROVED),
        ("high_amber", "high_amber", Movement.UNCHANGED),
        ("green", "low_amber", Movement.DECLINED),
        (None, "green", Movement.NO_EARLIER),
        ("not_rated", "green", Movement.NOT_COMPARABLE),
        ("red", "not_rated", Movement.NOT_COMPARABLE),
    ],
)
def test_movement_compares_bands_with_the_year_before(before, now, expected):
    assert stats.movement(before, now) == expected


def test_band_counts_list_every_band_best_first():
    counts = stats.band_counts(["red", "green", "red", "not_rated"])
    assert list(counts) == ["green", "high_amber", "low_amber", "red", "not_rated"]
    assert counts["red"] == 2 and counts["high_amber"] == 0

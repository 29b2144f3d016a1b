"""Turns a stored methodology into the pure rule of ``ratings.compute.rules``."""

from __future__ import annotations

from ratings.compute.rules import Band, KpiRule, Method
from ratings.models import Direction, Methodology


def to_method(methodology: Methodology) -> Method:
    """The rule a methodology describes; KPI settings are read in one query."""
    rules = tuple(
        KpiRule(
            code=setting.kpi.code,
            higher_is_better=setting.kpi.direction == Direction.HIGHER,
            target=setting.target,
            green=setting.green_threshold,
            high_amber=setting.high_amber_threshold,
            low_amber=setting.low_amber_threshold,
            weight=setting.weight,
            critical=setting.critical,
        )
        for setting in methodology.kpis.select_related("kpi").order_by("kpi__code")
    )
    return Method(
        rules=rules,
        green_min_score=methodology.green_min_score,
        high_amber_min_score=methodology.high_amber_min_score,
        low_amber_min_score=methodology.low_amber_min_score,
        critical_cap=Band.from_key(methodology.critical_cap),
        min_coverage=methodology.min_coverage,
        small_number_threshold=methodology.small_number_threshold,
    )

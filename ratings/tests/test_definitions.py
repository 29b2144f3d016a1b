"""The default KPI set and methodology load from the data file and make the rule."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from ratings.compute.methodology import to_method
from ratings.compute.rules import Band
from ratings.definitions.loading import kpis_load, methodology_create_default
from ratings.models import Kpi


def test_the_default_kpi_set_loads_once(db):
    first = kpis_load(actor=None)
    second = kpis_load(actor=None)
    assert len(first.created) == Kpi.objects.count() == 9
    assert (len(second.created), len(second.updated), second.unchanged) == (0, 0, 9)


def test_a_default_methodology_turns_into_the_rule(db):
    kpis_load(actor=None)
    method = to_method(methodology_create_default(actor=None, year=2025))
    codes = [rule.code for rule in method.rules]
    assert codes == sorted(codes)
    assert len(codes) == 9
    attrition = next(rule for rule in method.rules if rule.code == "ATTR")
    assert (attrition.higher_is_better, attrition.critical) == (False, True)
    assert method.critical_cap == Band.LOW_AMBER
    assert method.min_coverage == Decimal("0.60")


def test_a_year_has_at_most_one_methodology(db):
    kpis_load(actor=None)
    methodology_create_default(actor=None, year=2025)
    with pytest.raises(ValidationError, match="2025/26 already has a methodology"):
        methodology_create_default(actor=None, year=2025)


def test_the_shared_qcpm_data_rates_london_green_and_midlands_red(qcpm):
    assert qcpm.ratings["london"].band == "green"
    assert qcpm.ratings["midlands"].band == "red"
    lines = qcpm.ratings["london"].explanation["lines"]
    assert {line["code"] for line in lines} == set(qcpm.kpis)

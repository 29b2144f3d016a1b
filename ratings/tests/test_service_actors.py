"""Each ratings service checks its actor itself, so a command or a direct call meets the same
rule as the page: someone who may not is refused and nothing changes."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command

from ratings.compute.services import ratings_compute
from ratings.definitions.loading import methodology_create_default
from ratings.definitions.services import (
    KPI_FIELDS,
    KpiSettings,
    OverallSettings,
    methodology_clone,
    methodology_kpi_add,
    methodology_kpi_remove,
    methodology_kpis_update,
    methodology_update,
)
from ratings.models import Methodology, Rating, RatingRound
from ratings.testing import YEAR

pytestmark = pytest.mark.django_db

METHODOLOGY_REFUSAL = "Only quality administrators change KPI methodologies"
COMPUTE_REFUSAL = (
    "Only London's contract managers and quality administrators compute London's ratings"
)


def _ratings() -> list[tuple[Any, ...]]:
    return list(Rating.objects.order_by("pk").values_list("pk", "band", "score", "is_current"))


def _methodologies() -> list[tuple[Any, ...]]:
    return list(Methodology.objects.order_by("pk").values_list())


def _settings(qcpm: Any) -> dict[str, tuple[Any, ...]]:
    return {
        s.kpi.code: tuple(getattr(s, name) for name in KPI_FIELDS)
        for s in qcpm.methodology.kpis.select_related("kpi")
    }


@pytest.mark.parametrize(
    "persona", ["regional_lead", "ep_lead", "no_role", "midlands_contract_manager"]
)
def test_computing_is_refused_to_whoever_may_not_manage_ratings(qcpm: Any, persona: str) -> None:
    ratings, entries = _ratings(), LogEntry.objects.count()
    with pytest.raises(PermissionDenied, match=COMPUTE_REFUSAL):
        ratings_compute(actor=qcpm.world.user(persona), year=YEAR, region=qcpm.round.region)
    assert _ratings() == ratings
    assert RatingRound.objects.get(pk=qcpm.round.pk).computed_at is None
    assert LogEntry.objects.count() == entries


def test_computing_a_new_year_is_refused_before_its_round_is_created(qcpm: Any) -> None:
    methodology_clone(actor=None, source=qcpm.methodology, year=2026)
    with pytest.raises(PermissionDenied, match=COMPUTE_REFUSAL):
        ratings_compute(actor=qcpm.world.user("regional_lead"), year=2026, region=qcpm.round.region)
    assert not RatingRound.objects.filter(academic_year=2026).exists()


def test_the_compute_command_refuses_an_actor_who_may_not_compute(qcpm: Any) -> None:
    lead = qcpm.world.user("regional_lead")
    ratings = _ratings()
    with pytest.raises(CommandError, match="may not compute ratings"):
        call_command("compute_ratings", "--year", "2025/26", "--actor", lead.email)
    assert _ratings() == ratings


def test_a_clone_is_refused_to_a_contract_manager(qcpm: Any) -> None:
    before = _methodologies()
    with pytest.raises(PermissionDenied, match=METHODOLOGY_REFUSAL):
        methodology_clone(
            actor=qcpm.world.user("contract_manager"), source=qcpm.methodology, year=2026
        )
    assert _methodologies() == before


def test_a_default_methodology_is_refused_to_a_contract_manager(qcpm: Any) -> None:
    before = _methodologies()
    with pytest.raises(PermissionDenied, match=METHODOLOGY_REFUSAL):
        methodology_create_default(actor=qcpm.world.user("contract_manager"), year=2026)
    assert _methodologies() == before


def test_overall_settings_are_refused_to_a_contract_manager(qcpm: Any) -> None:
    before = _methodologies()
    settings = OverallSettings(**{**vars(OverallSettings.of(qcpm.methodology)), "notes": "New"})
    with pytest.raises(PermissionDenied, match=METHODOLOGY_REFUSAL):
        methodology_update(
            actor=qcpm.world.user("contract_manager"),
            methodology=qcpm.methodology,
            settings=settings,
        )
    assert _methodologies() == before


def test_kpi_settings_are_refused_to_a_regional_lead(qcpm: Any) -> None:
    before = _settings(qcpm)
    setting = qcpm.methodology.kpis.get(kpi__code="FILL")
    wanted = KpiSettings(**{**vars(KpiSettings.of(setting)), "target": Decimal("50")})
    with pytest.raises(PermissionDenied, match=METHODOLOGY_REFUSAL):
        methodology_kpis_update(
            actor=qcpm.world.user("regional_lead"),
            methodology=qcpm.methodology,
            changes={"FILL": wanted},
        )
    assert _settings(qcpm) == before


def test_adding_a_kpi_is_refused_to_a_contract_manager(qcpm: Any) -> None:
    data = qcpm.kpis["DATA"]
    settings = KpiSettings(*_settings(qcpm)["DATA"])
    methodology_kpi_remove(actor=None, methodology=qcpm.methodology, kpi=data)
    before = _settings(qcpm)
    with pytest.raises(PermissionDenied, match=METHODOLOGY_REFUSAL):
        methodology_kpi_add(
            actor=qcpm.world.user("contract_manager"),
            methodology=qcpm.methodology,
            kpi=data,
            settings=settings,
        )
    assert _settings(qcpm) == before


def test_removing_a_kpi_is_refused_to_an_education_provider_lead(qcpm: Any) -> None:
    before = _settings(qcpm)
    with pytest.raises(PermissionDenied, match=METHODOLOGY_REFUSAL):
        methodology_kpi_remove(
            actor=qcpm.world.user("ep_lead"), methodology=qcpm.methodology, kpi=qcpm.kpis["DATA"]
        )
    assert _settings(qcpm) == before

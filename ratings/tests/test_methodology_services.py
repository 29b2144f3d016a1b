"""Methodology services: cloning copies everything, edits are checked, audited and frozen."""

from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from organisations.models import Region
from ratings.compute.rules import KpiRule
from ratings.definitions.services import (
    KPI_FIELDS,
    KpiSettings,
    OverallSettings,
    kpi_settings_errors,
    methodology_clone,
    methodology_is_frozen,
    methodology_kpi_add,
    methodology_kpi_remove,
    methodology_kpis_update,
    methodology_update,
)
from ratings.models import Kpi, Methodology, MethodologyKpi, RatingRound, RoundStatus

OVERALL_FIELDS = (
    "notes",
    "green_min_score",
    "high_amber_min_score",
    "low_amber_min_score",
    "critical_cap",
    "min_coverage",
    "small_number_threshold",
)


def _settings(methodology: Methodology) -> dict[str, tuple]:
    return {
        s.kpi.code: tuple(getattr(s, name) for name in KPI_FIELDS)
        for s in methodology.kpis.select_related("kpi")
    }


def _publish(qcpm) -> None:
    RatingRound.objects.filter(pk=qcpm.round.pk).update(status=RoundStatus.PUBLISHED)


def _with(setting: MethodologyKpi, **changes) -> KpiSettings:
    return KpiSettings(**{**vars(KpiSettings.of(setting)), **changes})


def _setting(qcpm, code: str) -> MethodologyKpi:
    return qcpm.methodology.kpis.select_related("kpi").get(kpi__code=code)


def _overall(methodology: Methodology, **changes) -> OverallSettings:
    return OverallSettings(**{**vars(OverallSettings.of(methodology)), **changes})


def test_a_clone_copies_every_setting_and_remembers_its_source(qcpm):
    source = qcpm.methodology
    methodology_update(
        actor=None,
        methodology=source,
        settings=_overall(
            source, notes="Agreed at the March board", small_number_threshold=15, critical_cap="red"
        ),
    )
    methodology_kpis_update(
        actor=None,
        methodology=source,
        changes={"NSS": _with(_setting(qcpm, "NSS"), weight=Decimal("2.25"), critical=True)},
    )
    clone = methodology_clone(actor=qcpm.world.user("admin"), source=source, year=2026)
    assert clone.cloned_from == source
    assert clone.name == "QCPM methodology 2026/27"
    for name in OVERALL_FIELDS:
        assert getattr(clone, name) == getattr(source, name), name
    assert _settings(clone) == _settings(source)
    assert _settings(clone)["NSS"][-2:] == (Decimal("2.25"), True)
    assert clone.regions_text() == source.regions_text() == "London and Midlands"


def test_a_clone_is_refused_for_a_year_that_already_has_a_methodology(qcpm):
    with pytest.raises(ValidationError, match="2025/26 already has a methodology"):
        methodology_clone(actor=None, source=qcpm.methodology, year=2025)


def test_edits_are_audited_with_the_administrator_who_made_them(qcpm):
    admin = qcpm.world.user("admin")
    methodology_update(
        actor=admin, methodology=qcpm.methodology, settings=_overall(qcpm.methodology, notes="New")
    )
    changed = methodology_kpis_update(
        actor=admin,
        methodology=qcpm.methodology,
        changes={"FILL": _with(_setting(qcpm, "FILL"), target=Decimal("98"))},
    )
    assert changed == 1
    methodology_entry = LogEntry.objects.get_for_object(qcpm.methodology).latest("timestamp")
    assert methodology_entry.actor == admin
    assert methodology_entry.changes_dict["notes"] == ["", "New"]
    kpi_entry = LogEntry.objects.get_for_object(_setting(qcpm, "FILL")).latest("timestamp")
    assert kpi_entry.actor == admin and "target" in kpi_entry.changes_dict


def _region_ids(*codes: str) -> frozenset[int]:
    return frozenset(Region.objects.filter(code__in=codes).values_list("pk", flat=True))


def test_a_region_joins_a_methodology_on_the_record(qcpm):
    admin = qcpm.world.user("admin")
    settings = _overall(qcpm.methodology, regions=_region_ids("LON", "MID", "SE"))
    methodology_update(actor=admin, methodology=qcpm.methodology, settings=settings)
    assert qcpm.methodology.regions_text() == "London, Midlands and South East"
    entry = LogEntry.objects.get_for_object(qcpm.methodology).latest("timestamp")
    assert entry.actor == admin
    assert entry.changes_dict["regions"]["objects"] == ["South East"]


def test_a_region_with_ratings_computed_with_the_methodology_stays_covered(qcpm):
    settings = _overall(qcpm.methodology, notes="London only", regions=_region_ids("LON"))
    with pytest.raises(ValidationError, match="Midlands already has 2025/26 ratings") as refused:
        methodology_update(actor=None, methodology=qcpm.methodology, settings=settings)
    assert set(refused.value.message_dict) == {"regions"}
    qcpm.methodology.refresh_from_db()
    assert qcpm.methodology.regions_text() == "London and Midlands"
    assert qcpm.methodology.notes == ""  # nothing half-saved


def test_a_methodology_covers_at_least_one_region(qcpm):
    with pytest.raises(ValidationError, match="Choose the regions"):
        methodology_clone(actor=None, source=qcpm.methodology, year=2026, region_ids=[])
    assert not Methodology.objects.filter(academic_year=2026).exists()


def test_unchanged_kpis_leave_no_audit_entries(qcpm):
    kind = ContentType.objects.get_for_model(MethodologyKpi)
    before = LogEntry.objects.filter(content_type=kind).count()
    unchanged = {s.kpi.code: KpiSettings.of(s) for s in qcpm.methodology.kpis.select_related("kpi")}
    assert methodology_kpis_update(actor=None, methodology=qcpm.methodology, changes=unchanged) == 0
    assert LogEntry.objects.filter(content_type=kind).count() == before


def test_a_methodology_with_published_ratings_is_frozen_and_every_change_is_refused(qcpm):
    assert not methodology_is_frozen(qcpm.methodology)
    _publish(qcpm)
    assert methodology_is_frozen(qcpm.methodology)
    before = _settings(qcpm.methodology)
    data = qcpm.kpis["DATA"]
    attempts = [
        lambda: methodology_update(
            actor=None,
            methodology=qcpm.methodology,
            settings=_overall(qcpm.methodology, notes="Too late"),
        ),
        lambda: methodology_kpis_update(
            actor=None,
            methodology=qcpm.methodology,
            changes={"FILL": _with(_setting(qcpm, "FILL"), target=Decimal("50"))},
        ),
        lambda: methodology_kpi_remove(actor=None, methodology=qcpm.methodology, kpi=data),
    ]
    for attempt in attempts:
        with pytest.raises(ValidationError, match="ratings computed with it have been published"):
            attempt()
    assert _settings(qcpm.methodology) == before
    qcpm.methodology.refresh_from_db()
    assert qcpm.methodology.notes == ""


def test_adding_a_kpi_to_a_frozen_methodology_is_refused(qcpm):
    methodology_kpi_remove(actor=None, methodology=qcpm.methodology, kpi=qcpm.kpis["DATA"])
    _publish(qcpm)
    settings = KpiSettings(
        Decimal(0), Decimal(0), Decimal(5), Decimal(10), Decimal("0.5"), critical=False
    )
    with pytest.raises(ValidationError, match="Clone it to a new year"):
        methodology_kpi_add(
            actor=None, methodology=qcpm.methodology, kpi=qcpm.kpis["DATA"], settings=settings
        )


def test_a_frozen_methodology_can_still_be_cloned(qcpm):
    _publish(qcpm)
    clone = methodology_clone(actor=None, source=qcpm.methodology, year=2026)
    assert not methodology_is_frozen(clone)


def test_thresholds_out_of_order_are_refused_naming_the_kpi_and_field_and_nothing_is_saved(qcpm):
    before = _settings(qcpm.methodology)
    changes = {
        # A fine change that must not be saved while another KPI is wrong.
        "FILL": _with(_setting(qcpm, "FILL"), target=Decimal("97")),
        # Attrition: lower is better, so green 10 <= high amber <= low amber 20.
        "ATTR": _with(_setting(qcpm, "ATTR"), high_amber_threshold=Decimal("25")),
        # Completion: higher is better, so green must not be below low amber.
        "COMP": _with(_setting(qcpm, "COMP"), green_threshold=Decimal("70")),
    }
    with pytest.raises(ValidationError) as caught:
        methodology_kpis_update(actor=None, methodology=qcpm.methodology, changes=changes)
    errors = {key: messages[0] for key, messages in caught.value.message_dict.items()}
    assert errors == {
        "ATTR-high_amber_threshold": (
            "Attrition: the high amber threshold must be between the green and low amber thresholds"
        ),
        "COMP-green_threshold": (
            "On-time completion: the green threshold must be at least the low amber threshold, "
            "because higher values are better"
        ),
    }
    assert _settings(qcpm.methodology) == before


def test_percentages_outside_0_to_100_and_negative_weights_are_refused(qcpm):
    changes = {
        "NSS": _with(_setting(qcpm, "NSS"), target=Decimal("120"), weight=Decimal("-1")),
    }
    with pytest.raises(ValidationError) as caught:
        methodology_kpis_update(actor=None, methodology=qcpm.methodology, changes=changes)
    assert caught.value.message_dict == {
        "NSS-target": ["Student satisfaction (NSS): the target must be between 0 and 100"],
        "NSS-weight": ["Student satisfaction (NSS): the weight must be 0 or more"],
    }


def test_a_methodology_where_no_kpi_carries_weight_is_refused(qcpm):
    zero = {
        s.kpi.code: _with(s, weight=Decimal(0)) for s in qcpm.methodology.kpis.select_related("kpi")
    }
    with pytest.raises(ValidationError, match="At least one KPI must have a weight above 0"):
        methodology_kpis_update(actor=None, methodology=qcpm.methodology, changes=zero)


@pytest.mark.parametrize(
    ("cut_offs", "field", "message"),
    [
        (("3.5", "2", "1"), "green_min_score", "The green cut-off must be 3 or less"),
        (("2.5", "1.75", "-1"), "low_amber_min_score", "The low amber cut-off must be 0 or more"),
        (("2", "2.5", "1"), "high_amber_min_score", "must be between the green and low amber"),
        (("1", "2", "2.5"), "green_min_score", "must be at least the low amber cut-off"),
    ],
)
def test_score_cut_offs_out_of_order_are_refused_naming_the_field(qcpm, cut_offs, field, message):
    green, high, low = (Decimal(value) for value in cut_offs)
    settings = _overall(
        qcpm.methodology, green_min_score=green, high_amber_min_score=high, low_amber_min_score=low
    )
    with pytest.raises(ValidationError) as caught:
        methodology_update(actor=None, methodology=qcpm.methodology, settings=settings)
    assert list(caught.value.message_dict) == [field]
    assert message in caught.value.message_dict[field][0]
    qcpm.methodology.refresh_from_db()
    assert qcpm.methodology.green_min_score == Decimal("2.50")


def test_other_overall_settings_are_checked(qcpm):
    settings = _overall(
        qcpm.methodology,
        name=" ",
        critical_cap="green",
        min_coverage=Decimal("1.5"),
        small_number_threshold=-1,
    )
    with pytest.raises(ValidationError) as caught:
        methodology_update(actor=None, methodology=qcpm.methodology, settings=settings)
    assert set(caught.value.message_dict) == {
        "name",
        "critical_cap",
        "min_coverage",
        "small_number_threshold",
    }


def test_a_kpi_can_be_removed_and_added_back_but_not_twice(qcpm):
    data = qcpm.kpis["DATA"]
    before = _settings(qcpm.methodology)["DATA"]
    methodology_kpi_remove(actor=None, methodology=qcpm.methodology, kpi=data)
    assert "DATA" not in _settings(qcpm.methodology)
    with pytest.raises(ValidationError, match="Data-return timeliness is not in this methodology"):
        methodology_kpi_remove(actor=None, methodology=qcpm.methodology, kpi=data)
    settings = KpiSettings(*before)
    methodology_kpi_add(actor=None, methodology=qcpm.methodology, kpi=data, settings=settings)
    assert _settings(qcpm.methodology)["DATA"] == before
    with pytest.raises(ValidationError, match="already in this methodology"):
        methodology_kpi_add(actor=None, methodology=qcpm.methodology, kpi=data, settings=settings)


def test_a_kpi_with_bad_thresholds_is_not_added(qcpm):
    data = qcpm.kpis["DATA"]
    methodology_kpi_remove(actor=None, methodology=qcpm.methodology, kpi=data)
    # Data-return timeliness: lower is better, so the thresholds must rise.
    settings = KpiSettings(Decimal(0), Decimal(10), Decimal(5), Decimal(0), Decimal(1), False)
    with pytest.raises(ValidationError) as caught:
        methodology_kpi_add(actor=None, methodology=qcpm.methodology, kpi=data, settings=settings)
    assert caught.value.message_dict == {
        "green_threshold": [
            "Data-return timeliness: the green threshold must be at most the low amber "
            "threshold, because lower values are better"
        ]
    }
    assert "DATA" not in _settings(qcpm.methodology)


def test_the_last_kpi_cannot_be_removed(qcpm):
    codes = sorted(qcpm.kpis)
    for code in codes[:-1]:
        methodology_kpi_remove(actor=None, methodology=qcpm.methodology, kpi=qcpm.kpis[code])
    with pytest.raises(ValidationError, match="needs at least one KPI"):
        methodology_kpi_remove(actor=None, methodology=qcpm.methodology, kpi=qcpm.kpis[codes[-1]])


small = st.decimals(min_value=0, max_value=100, places=1)


@given(green=small, high=small, low=small, higher=st.booleans())
def test_the_checks_accept_exactly_what_the_rating_rule_accepts(green, high, low, higher):
    kpi = Kpi(code="X", name="Example", unit="score", direction="higher" if higher else "lower")
    settings = KpiSettings(Decimal(50), green, high, low, Decimal(1), critical=False)
    try:
        KpiRule("X", higher, Decimal(50), green, high, low)
    except ValueError:
        valid = False
    else:
        valid = True
    assert (not kpi_settings_errors(kpi, settings)) == valid

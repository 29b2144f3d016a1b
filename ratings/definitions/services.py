"""Changing a year's methodology: cloning, overall settings and per-KPI settings.

A methodology that published ratings were computed with is frozen, so every published
rating stays reproducible; a change then starts from a clone for a new year. Every check
here builds the pure rule (``ratings.compute.rules``) so the web pages, the command and the rating
engine agree on what a valid methodology is.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction

from core import academic_year
from core.audit import acting_as
from core.formatting import and_list
from core.people import check_actor
from core.versioning import Freezing, copied
from organisations.models import Region
from ratings.compute.rules import POINTS_SCALE, Band, KpiRule, Method
from ratings.models import Direction, Kpi, Methodology, MethodologyKpi, RoundStatus, Unit
from ratings.permissions import can_manage_methodology

if TYPE_CHECKING:
    from accounts.models import User

# The bands a critical red KPI may cap the overall rating at (a green cap would cap nothing).
CAP_CHOICES = [(band.key, band.label) for band in (Band.HIGH_AMBER, Band.LOW_AMBER, Band.RED)]

KPI_FIELDS = (
    "target",
    "green_threshold",
    "high_amber_threshold",
    "low_amber_threshold",
    "weight",
    "critical",
)
# A methodology's own scoring settings, copied to its clone.
OVERALL_FIELDS = (
    "green_min_score",
    "high_amber_min_score",
    "low_amber_min_score",
    "critical_cap",
    "min_coverage",
    "small_number_threshold",
)
FIELD_LABELS = {
    "target": "target",
    "green_threshold": "green threshold",
    "high_amber_threshold": "high amber threshold",
    "low_amber_threshold": "low amber threshold",
    "weight": "weight",
    "critical": "critical flag",
}


@dataclass(frozen=True)
class KpiSettings:
    """One KPI's settings as an administrator enters them."""

    target: Decimal
    green_threshold: Decimal
    high_amber_threshold: Decimal
    low_amber_threshold: Decimal
    weight: Decimal
    critical: bool

    @classmethod
    def of(cls, setting: MethodologyKpi) -> KpiSettings:
        return cls(**copied(setting, KPI_FIELDS))


@dataclass(frozen=True)
class OverallSettings:
    """A methodology's own settings; ``min_coverage`` is a share between 0 and 1."""

    name: str
    notes: str
    green_min_score: Decimal
    high_amber_min_score: Decimal
    low_amber_min_score: Decimal
    critical_cap: str
    min_coverage: Decimal
    small_number_threshold: int
    # The ids of the regions it covers; None leaves them as they are.
    regions: frozenset[int] | None = None

    @classmethod
    def of(cls, methodology: Methodology) -> OverallSettings:
        return cls(
            **copied(methodology, ("name", "notes", *OVERALL_FIELDS)),
            regions=frozenset(methodology.regions.values_list("pk", flat=True)),
        )


def kpi_field_key(code: str, field: str) -> str:
    """The error key of one KPI's field when several KPIs are changed at once."""
    return f"{code}-{field}"


# Frozen once ratings computed with it have been published, so they stay reproducible.
FREEZING = Freezing(
    Methodology,
    frozen_when=lambda methodology: methodology.rounds.filter(
        status=RoundStatus.PUBLISHED
    ).exists(),
    because=lambda methodology: (
        f"The {methodology.year_label} methodology cannot be changed because ratings "
        "computed with it have been published. Clone it to a new year instead."
    ),
)
methodology_is_frozen = FREEZING.is_frozen
frozen_reason = FREEZING.reason


def check_may_manage(actor: User | None) -> None:
    """Refuse anyone but a quality administrator; None (the system: a command) may."""
    check_actor(
        actor, can_manage_methodology, "Only quality administrators change KPI methodologies"
    )


def _editable(methodology: Methodology) -> Methodology:
    return FREEZING.editable(methodology.pk)


def kpi_settings_errors(kpi: Kpi, settings: KpiSettings) -> dict[str, str]:
    """What is wrong with one KPI's settings, by field; empty when they make a valid rule."""
    errors: dict[str, str] = {}
    higher = kpi.direction == Direction.HIGHER
    if kpi.unit == Unit.PERCENT:
        for name in KPI_FIELDS[:4]:
            value = getattr(settings, name)
            if not Decimal(0) <= value <= Decimal(100):
                errors[name] = f"{kpi.name}: the {FIELD_LABELS[name]} must be between 0 and 100"
    elif kpi.unit in (Unit.DAYS, Unit.COUNT):
        for name in KPI_FIELDS[:4]:
            if getattr(settings, name) < 0:
                errors[name] = f"{kpi.name}: the {FIELD_LABELS[name]} must be 0 or more"
    if settings.weight < 0:
        errors["weight"] = f"{kpi.name}: the weight must be 0 or more"
    if errors:
        return errors
    try:
        KpiRule(
            code=kpi.code,
            higher_is_better=higher,
            target=settings.target,
            green=settings.green_threshold,
            high_amber=settings.high_amber_threshold,
            low_amber=settings.low_amber_threshold,
            weight=settings.weight,
            critical=settings.critical,
        )
    except ValueError:
        green, low = settings.green_threshold, settings.low_amber_threshold
        if (green < low) if higher else (green > low):
            relation = "at least" if higher else "at most"
            better = "higher" if higher else "lower"
            errors["green_threshold"] = (
                f"{kpi.name}: the green threshold must be {relation} the low amber threshold, "
                f"because {better} values are better"
            )
        else:
            errors["high_amber_threshold"] = (
                f"{kpi.name}: the high amber threshold must be between the green and "
                "low amber thresholds"
            )
    return errors


def overall_settings_errors(settings: OverallSettings) -> dict[str, str]:
    """What is wrong with a methodology's own settings, by field."""
    errors: dict[str, str] = {}
    if not settings.name.strip():
        errors["name"] = "Enter a name for the methodology"
    if settings.critical_cap not in {key for key, _ in CAP_CHOICES}:
        errors["critical_cap"] = "Choose the best rating a programme with a critical red can get"
    if not Decimal(0) <= settings.min_coverage <= Decimal(1):
        errors["min_coverage"] = "The minimum coverage must be between 0% and 100%"
    if settings.small_number_threshold < 0:
        errors["small_number_threshold"] = "The small-number threshold must be 0 or more"
    green, high, low = (
        settings.green_min_score,
        settings.high_amber_min_score,
        settings.low_amber_min_score,
    )
    try:
        Method(rules=(), green_min_score=green, high_amber_min_score=high, low_amber_min_score=low)
    except ValueError:
        if green > POINTS_SCALE:
            errors["green_min_score"] = "The green cut-off must be 3 or less"
        elif low < 0:
            errors["low_amber_min_score"] = "The low amber cut-off must be 0 or more"
        elif green < low:
            errors["green_min_score"] = "The green cut-off must be at least the low amber cut-off"
        else:
            errors["high_amber_min_score"] = (
                "The high amber cut-off must be between the green and low amber cut-offs"
            )
    return errors


def qcpm_regions() -> list[Region]:
    """The regions whose commissioning teams run QCPM (London and the South East): those a
    new methodology covers unless told otherwise."""
    return list(Region.objects.filter(in_lase=True).order_by("name"))


def checked_regions(region_ids: Iterable[int]) -> list[Region]:
    """The regions a methodology is to cover: at least one, each of them known."""
    wanted = set(region_ids)
    regions = list(Region.objects.filter(pk__in=wanted).order_by("name"))
    if not wanted or len(regions) != len(wanted):
        raise ValidationError(
            {"regions": "Choose the regions whose commissioning teams rate with this methodology"}
        )
    return regions


def _check_regions_keep_rounds(methodology: Methodology, regions: list[Region]) -> None:
    """A region that already has ratings computed with the methodology stays covered."""
    kept = {region.pk for region in regions}
    dropped = sorted(
        round_.region.name
        for round_ in methodology.rounds.select_related("region")
        if round_.region_id not in kept
    )
    if dropped:
        raise ValidationError(
            {
                "regions": f"{and_list(dropped)} already {'has' if len(dropped) == 1 else 'have'}"
                f" {methodology.year_label} ratings computed with this methodology, so "
                f"{'it stays' if len(dropped) == 1 else 'they stay'} covered"
            }
        )


def _check_weight_remains(settings: list[MethodologyKpi]) -> None:
    if settings and not sum((s.weight for s in settings), Decimal(0)) > 0:
        raise ValidationError("At least one KPI must have a weight above 0, or nothing is scored")


def methodology_clone(
    *,
    actor: User | None,
    source: Methodology,
    year: int,
    region_ids: Iterable[int] | None = None,
) -> Methodology:
    """A new methodology for ``year`` with every setting of ``source``, covering the regions
    given or else the same regions; it records its origin."""
    check_may_manage(actor)
    label = academic_year.label(year)
    if Methodology.objects.filter(academic_year=year).exists():
        raise ValidationError({"academic_year": f"{label} already has a methodology"})
    regions = checked_regions(
        source.regions.values_list("pk", flat=True) if region_ids is None else region_ids
    )
    with transaction.atomic(), acting_as(actor, cloned_from=source.pk):
        clone = Methodology(
            academic_year=year,
            name=source.name.replace(source.year_label, label),
            notes=source.notes,
            cloned_from=source,
            **copied(source, OVERALL_FIELDS),
        )
        clone.full_clean()
        clone.save()
        clone.regions.set(regions)
        for setting in source.kpis.all():
            MethodologyKpi.objects.create(
                methodology=clone,
                kpi_id=setting.kpi_id,
                **copied(setting, KPI_FIELDS),
            )
    return clone


def methodology_update(
    *, actor: User | None, methodology: Methodology, settings: OverallSettings
) -> Methodology:
    """Change the overall settings: name, notes, cut-offs, critical cap, coverage,
    suppression and the regions it covers (a region with ratings computed with it stays)."""
    check_may_manage(actor)
    errors = overall_settings_errors(settings)
    if errors:
        raise ValidationError(errors)
    regions = None if settings.regions is None else checked_regions(settings.regions)
    with transaction.atomic(), acting_as(actor):
        locked = _editable(methodology)
        for name, value in vars(settings).items():
            if name != "regions":
                setattr(locked, name, value.strip() if isinstance(value, str) else value)
        locked.full_clean()
        locked.save()
        if regions is not None:
            _check_regions_keep_rounds(locked, regions)
            locked.regions.set(regions)
    methodology.refresh_from_db()
    return methodology


def methodology_kpis_update(
    *, actor: User | None, methodology: Methodology, changes: Mapping[str, KpiSettings]
) -> int:
    """Change the settings of the methodology's KPIs (keyed by KPI code) all at once.

    Every KPI is checked before anything is saved; errors are keyed by
    ``kpi_field_key(code, field)`` and name the KPI. Returns how many KPIs changed.
    """
    check_may_manage(actor)
    with transaction.atomic(), acting_as(actor):
        locked = _editable(methodology)
        current = {s.kpi.code: s for s in locked.kpis.select_related("kpi")}
        unknown = sorted(set(changes) - set(current))
        if unknown:
            raise ValidationError(f"Not in this methodology: {', '.join(unknown)}")
        errors: dict[str, str] = {}
        changed: list[MethodologyKpi] = []
        for code, setting in current.items():
            wanted = changes.get(code)
            if wanted is None:
                continue
            for name, message in kpi_settings_errors(setting.kpi, wanted).items():
                errors[kpi_field_key(code, name)] = message
            if wanted != KpiSettings.of(setting):
                for name in KPI_FIELDS:
                    setattr(setting, name, getattr(wanted, name))
                changed.append(setting)
        if errors:
            raise ValidationError(errors)
        _check_weight_remains(list(current.values()))
        for setting in changed:
            setting.save()
    return len(changed)


def methodology_kpi_add(
    *, actor: User | None, methodology: Methodology, kpi: Kpi, settings: KpiSettings
) -> MethodologyKpi:
    """Add a KPI to the methodology with its target, thresholds, weight and criticality."""
    check_may_manage(actor)
    errors: dict[str, str] = kpi_settings_errors(kpi, settings)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic(), acting_as(actor):
        locked = _editable(methodology)
        if locked.kpis.filter(kpi=kpi).exists():
            raise ValidationError({"kpi": f"{kpi.name} is already in this methodology"})
        return MethodologyKpi.objects.create(
            methodology=locked, kpi=kpi, **{name: getattr(settings, name) for name in KPI_FIELDS}
        )


def methodology_kpi_remove(*, actor: User | None, methodology: Methodology, kpi: Kpi) -> None:
    """Take a KPI out of the methodology; its values stay, they are just no longer rated."""
    check_may_manage(actor)
    with transaction.atomic(), acting_as(actor):
        locked = _editable(methodology)
        settings = list(locked.kpis.all())
        setting = next((s for s in settings if s.kpi_id == kpi.pk), None)
        if setting is None:
            raise ValidationError(f"{kpi.name} is not in this methodology")
        remaining = [s for s in settings if s is not setting]
        if not remaining:
            raise ValidationError("A methodology needs at least one KPI: add another first")
        _check_weight_remains(remaining)
        setting.delete()

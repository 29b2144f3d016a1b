"""Loading the default KPI set and creating a year's methodology from its defaults."""

from __future__ import annotations

import json
from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction

from core import academic_year
from core.audit import acting_as
from core.reference import LoadSummary, upsert
from ratings.definitions.services import check_may_manage, checked_regions, qcpm_regions
from ratings.models import Kpi, Methodology, MethodologyKpi

if TYPE_CHECKING:
    from accounts.models import User

KPIS_FILE = Path(__file__).parent.parent / "data" / "kpis.json"


def _data(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def kpis_load(*, actor: User | None, path: Path = KPIS_FILE) -> LoadSummary:
    """Load the KPI definitions from the versioned data file; a second run changes nothing.

    A reference-data loader: the system (actor None) runs it, so it checks no right."""
    summary = LoadSummary()
    with transaction.atomic(), acting_as(actor, source=path.name):
        for item in _data(path)["kpis"]:
            upsert(
                Kpi,
                {"code": item["code"]},
                {
                    key: item[key]
                    for key in ("name", "unit", "direction", "computation", "description")
                }
                | {
                    "data_source": item.get("data_source", ""),
                    "may_exceed_100": bool(item.get("may_exceed_100", False)),
                },
                summary,
            )
    return summary


def methodology_create_default(
    *,
    actor: User | None,
    year: int,
    region_ids: Iterable[int] | None = None,
    path: Path = KPIS_FILE,
) -> Methodology:
    """A methodology for ``year`` with the data file's default targets, bands and weights,
    covering the regions given (by default those that run QCPM: ``qcpm_regions``)."""
    check_may_manage(actor)
    if Methodology.objects.filter(academic_year=year).exists():
        raise ValidationError(
            {"academic_year": f"{academic_year.label(year)} already has a methodology"}
        )
    regions = checked_regions(
        [region.pk for region in qcpm_regions()] if region_ids is None else region_ids
    )
    data = _data(path)
    overall = data["methodology"]
    with transaction.atomic(), acting_as(actor, source=path.name):
        methodology = Methodology(
            academic_year=year,
            name=f"QCPM methodology {academic_year.label(year)}",
            green_min_score=Decimal(str(overall["green_min_score"])),
            high_amber_min_score=Decimal(str(overall["high_amber_min_score"])),
            low_amber_min_score=Decimal(str(overall["low_amber_min_score"])),
            critical_cap=overall["critical_cap"],
            min_coverage=Decimal(str(overall["min_coverage"])),
            small_number_threshold=overall["small_number_threshold"],
        )
        methodology.full_clean()
        methodology.save()
        methodology.regions.set(regions)
        kpis = {kpi.code: kpi for kpi in Kpi.objects.all()}
        for item in data["kpis"]:
            if item["code"] not in kpis:
                raise ValidationError(f"Load the KPI definitions first: {item['code']} is missing")
            default = item["default"]
            MethodologyKpi.objects.create(
                methodology=methodology,
                kpi=kpis[item["code"]],
                target=Decimal(str(default["target"])),
                green_threshold=Decimal(str(default["green"])),
                high_amber_threshold=Decimal(str(default["high_amber"])),
                low_amber_threshold=Decimal(str(default["low_amber"])),
                weight=Decimal(str(default["weight"])),
                critical=default["critical"],
            )
    return methodology

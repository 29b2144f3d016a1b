"""A rating's stored explanation as a reader sees it: its KPI lines with each KPI's name and
unit, and its reasons with KPI codes replaced by names."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ratings.models import Kpi, Rating


@dataclass(frozen=True)
class KpiLine:
    """One KPI of a rating's explanation, with the KPI's name and unit."""

    code: str
    name: str
    unit: str
    value: str | None
    target: str | None
    band: str | None
    status: str
    weight: str | None
    critical: bool

    @property
    def status_label(self) -> str:
        return {"scored": "Scored", "suppressed": "Suppressed (small numbers)"}.get(
            self.status, "No data"
        )

    @property
    def withheld(self) -> bool:
        """Counted over too few learners: outside the signed-in team neither its value nor
        its band is shown, so no one can work out who the few learners are."""
        return self.status == "suppressed"


def kpi_lines(rating: Rating, kpis: dict[str, Kpi]) -> list[KpiLine]:
    lines = []
    for line in (rating.explanation or {}).get("lines", []):
        kpi = kpis.get(line.get("code", ""))
        lines.append(
            KpiLine(
                code=line.get("code", ""),
                name=kpi.name if kpi else line.get("code", ""),
                unit=kpi.unit if kpi else "",
                value=_short(line.get("value")),
                target=_short(line.get("target")),
                band=line.get("band"),
                status=line.get("status", "missing"),
                weight=_short(line.get("weight")),
                critical=bool(line.get("critical")),
            )
        )
    return lines


def _short(number: Any) -> str | None:
    if number is None:
        return None
    try:
        value = Decimal(str(number))
    except ArithmeticError:
        return str(number)
    return f"{value.normalize():f}" if value == value.to_integral() else f"{value:.1f}"


def readable_reasons(rating: Rating, kpis: dict[str, Kpi]) -> list[str]:
    """The rating's stored reasons with each KPI code replaced by the KPI's name, so a reader
    sees "Actions completed", not "ACTN"."""
    reasons = (rating.explanation or {}).get("reasons", [])
    if not reasons:
        return []
    codes = re.compile(r"\b(" + "|".join(re.escape(code) for code in sorted(kpis)) + r")\b")
    return [codes.sub(lambda m: kpis[m.group(1)].name, reason) for reason in reasons]

"""A rating's explanation as the tables of its page show it: each KPI (or, for an overall
rating, each programme rolled up) with its numbers as text, and the arithmetic that makes
the score (``arithmetic``): each part's contribution, and a total row equal to the score."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from ratings.models import Rating, RatingBand
from ratings.reports.arithmetic import ScoreSum, kpi_sum, roll_up_sum

UNIT_SUFFIX = {"percent": "%", "days": " days", "score": "", "count": ""}
STATUS_TEXT = {
    "scored": "Scored",
    "suppressed": "Suppressed: too few learners to score",
    "missing": "Missing: no data",
}


def _number(value: Any, unit: str = "") -> str:
    if value is None or value == "":
        return ""
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return str(value)
    text = f"{number:,.1f}" if number != number.to_integral_value() else f"{number:,.0f}"
    return text + UNIT_SUFFIX.get(unit, "")


def _plain(number: Decimal) -> str:
    """A number with the places it needs and no more: 1, 1.5, 4.25."""
    return f"{number.normalize():f}"


def _thousandths(number: Decimal | None) -> str:
    return "" if number is None else f"{number:.3f}"


def kpi_rows(rating: Rating) -> list[dict[str, Any]]:
    """The explanation's KPI lines, formatted for reading, with the arithmetic of each scored
    KPI (band points x weight = points; its contribution, points / scored weight)."""
    sums = kpi_sum(rating.explanation)
    rows = []
    for line in rating.explanation.get("lines", []):
        unit = line.get("unit", "")
        part = sums.parts.get(line.get("code", ""))
        scored = part is not None and part.factor is not None
        rows.append(
            {
                **line,
                "value_text": _number(line.get("value"), unit) or "No data",
                "target_text": _number(line.get("target"), unit),
                "band_label": RatingBand(line["band"]).label if line.get("band") else "None",
                "status_text": STATUS_TEXT.get(line.get("status", ""), line.get("status", "")),
                "counts": (
                    f"{_number(line.get('numerator'))} of {_number(line.get('denominator'))}"
                    if line.get("denominator") is not None
                    else ""
                ),
                "weight_text": _plain(Decimal(str(line.get("weight") or 0))),
                "points_text": (
                    f"{_plain(part.factor)} × {_plain(part.weight)} = {_plain(part.amount)}"
                    if part is not None and part.factor is not None
                    else "Not scored"
                ),
                "contribution_text": (
                    _thousandths(part.contribution) if scored and part else "Not scored"
                ),
            }
        )
    return rows


def _total_row(sums: ScoreSum) -> dict[str, str] | None:
    """The total row of a rating's table, as text; None when nothing counted."""
    if not sums.weight:
        return None
    return {
        "weight": _plain(sums.weight),
        "total": _plain(sums.total),
        "score": _thousandths(sums.score),
    }


def programme_rows(rating: Rating) -> list[dict[str, Any]]:
    """The programmes an overall rating rolls up, each with its share of the overall score."""
    sums = roll_up_sum(rating.explanation)
    rows = []
    for programme in rating.explanation.get("programmes", []):
        part = sums.parts.get(str(programme.get("programme_id")))
        rows.append(
            {
                **programme,
                "band_label": RatingBand(programme["band"]).label,
                "score_text": _thousandths(part.factor if part else None),
                "weight_text": _plain(part.weight) if part and part.factor is not None else "",
                "contribution_text": _thousandths(part.contribution if part else None),
            }
        )
    return rows


def kpi_total(rating: Rating) -> dict[str, str] | None:
    """The KPI table's total row: the scored KPIs' weight and points, and the score."""
    return _total_row(kpi_sum(rating.explanation))


def roll_up_total(rating: Rating) -> dict[str, str] | None:
    """The programme table's total row: the rated programmes' places, and the score."""
    return _total_row(roll_up_sum(rating.explanation))

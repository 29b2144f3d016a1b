"""What the national report's pages and its PDF show beside the figures: the charts, and
shares and changes in words."""

from __future__ import annotations

from typing import Any

from assessments.report import charts as report_charts


def pct(value: Any) -> str:
    """A share as "45.2%", or a dash when there is none."""
    if value is None:
        return "–"
    return f"{value:.1f}%"


def change_text(change: dict[str, Any], key: str = "met") -> str:
    kind = change.get("kind")
    if kind == "none":
        return "No earlier report"
    if kind == "new":
        return "New standard"
    if kind == "suppressed":
        return "Suppressed"
    value = change.get(key)
    if value is None:
        return "–"
    if value == 0:
        return "No change"
    return f"{'+' if value > 0 else '−'}{abs(value):.1f} points"


def _charts(figures: dict[str, Any]) -> dict[str, Any]:
    year = figures["campaign"]["year_label"]
    charts: dict[str, Any] = {
        "domains": report_charts.share_chart(
            "chart-domains",
            f"Answers by domain, {year}",
            [(f"{d['number']}. {d['title']}", d) for d in figures["domains"]],
        ),
        "standards": {
            d["number"]: report_charts.share_chart(
                f"chart-domain-{d['number']}",
                f"Answers by standard in domain {d['number']}, {year}",
                [(f"{s['label']} {s['title']}", s) for s in d["standards"]],
            )
            for d in figures["domains"]
        },
    }
    for key, title in (("by_region", "region"), ("by_type", "provider type")):
        rows = [
            (g["name"], g.get("overall", {"suppressed": True}) if not g["suppressed"] else g)
            for g in figures[key]
        ]
        charts[key] = report_charts.share_chart(
            f"chart-{key.replace('_', '-')}", f"Answers by {title}, {year}", rows
        )
    return charts


def figures_context(figures: dict[str, Any]) -> dict[str, Any]:
    """What ``report_part_figures.html`` needs besides the figures themselves."""
    return {
        "figures": figures,
        "charts": _charts(figures) if figures else {},
        "pct": pct,
        "change_text": change_text,
    }

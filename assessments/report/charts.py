"""Charts of the national report, as inline SVG written by hand (pieces from core/charts.py).

Each bar is split into met, partially met and not met. The parts differ by fill pattern as
well as colour (solid, diagonal lines, dots) and are labelled with their percentage, and a
legend names each pattern, so the chart never relies on colour alone. The page puts a data
table with the same numbers under every chart.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from markupsafe import Markup, escape

from core.charts import INK, WIDTH, fmt, frame, svg, text

LABEL_W = 220
RIGHT = 16
ROW_H = 34
TOP = 16
LEGEND_H = 40
# (answer, legend text, fill): met solid green; partially met amber with diagonal lines;
# not met red with dots.
PARTS = (
    ("met", "Met", "#007f3b"),
    ("partially_met", "Partially met", "url(#{id}-lines)"),
    ("not_met", "Not met", "url(#{id}-dots)"),
)


def _defs(chart_id: str) -> str:
    cid = escape(chart_id)
    return (
        "<defs>"
        f'<pattern id="{cid}-lines" width="8" height="8" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)">'
        '<rect width="8" height="8" fill="#ffb81c"/>'
        f'<line x1="0" y1="0" x2="0" y2="8" stroke="{INK}" stroke-width="2"/></pattern>'
        f'<pattern id="{cid}-dots" width="8" height="8" patternUnits="userSpaceOnUse">'
        '<rect width="8" height="8" fill="#f6cccc"/>'
        f'<circle cx="4" cy="4" r="1.8" fill="{INK}"/></pattern>'
        "</defs>"
    )


def _fill(template: str, chart_id: str) -> str:
    return template.replace("{id}", str(escape(chart_id)))


def _summary(rows: Sequence[tuple[str, Mapping[str, Any]]]) -> str:
    """The chart in words, for its description."""
    summary = []
    for label, block in rows:
        if block.get("suppressed"):
            summary.append(f"{label}: suppressed")
        elif block.get("rated"):
            summary.append(
                f"{label}: "
                + ", ".join(
                    f"{name.lower()} {fmt(block[f'{key}_share'])}%" for key, name, _ in PARTS
                )
            )
        else:
            summary.append(f"{label}: no rated answers")
    return "; ".join(summary)


def _bar(chart_id: str, label: str, block: Mapping[str, Any], y: float) -> list[str]:
    """One row: its label, then its stacked parts, or words when there is nothing to show."""
    plot_w = WIDTH - LABEL_W - RIGHT
    short = label if len(label) <= 32 else label[:31] + "…"
    parts = [text(LABEL_W - 8, y + ROW_H / 2 + 4, short, anchor="end", size=12)]
    if block.get("suppressed") or not block.get("rated"):
        words = "Suppressed: too few submissions" if block.get("suppressed") else "No answers"
        parts.append(text(LABEL_W + 4, y + ROW_H / 2 + 4, words, anchor="start", size=12))
        return parts
    x = float(LABEL_W)
    for key, name, fill in PARTS:
        share = float(block.get(f"{key}_share") or 0)
        width = plot_w * share / 100
        if width <= 0:
            continue
        parts.append(
            f'<rect x="{fmt(x)}" y="{fmt(y + 5)}" width="{fmt(width)}" '
            f'height="{ROW_H - 10}" fill="{_fill(fill, chart_id)}" stroke="{INK}" '
            f'stroke-width="1"><title>{escape(label)}: {escape(name)} {fmt(share)}%'
            "</title></rect>"
        )
        if width >= 44:
            # A white box behind the figure keeps it readable over any pattern.
            parts.append(
                f'<rect x="{fmt(x + width / 2 - 20)}" y="{fmt(y + ROW_H / 2 - 8)}" '
                'width="40" height="16" fill="#ffffff"/>'
            )
            parts.append(text(x + width / 2, y + ROW_H / 2 + 4, f"{share:.0f}%", size=11))
        x += width
    return parts


def _legend(chart_id: str, legend_y: float) -> list[str]:
    parts = []
    x = float(LABEL_W)
    for _key, name, fill in PARTS:
        parts.append(
            f'<rect x="{fmt(x)}" y="{fmt(legend_y)}" width="18" height="14" '
            f'fill="{_fill(fill, chart_id)}" stroke="{INK}" stroke-width="1"/>'
        )
        parts.append(text(x + 24, legend_y + 12, name, anchor="start", size=12))
        x += 24 + 8 * len(name) + 24
    return parts


def share_chart(chart_id: str, title: str, rows: Sequence[tuple[str, Mapping[str, Any]]]) -> Markup:
    """One stacked bar per row (label, figures block); suppressed rows say so in words."""
    height = TOP + ROW_H * max(len(rows), 1) + LEGEND_H
    parts = [
        frame(
            chart_id,
            title,
            "Stacked bar chart of the share of answers met, partially met and not met. "
            + _summary(rows)
            + ". The table below gives the same figures.",
            height=height,
        ),
        _defs(chart_id),
    ]
    for index, (label, block) in enumerate(rows):
        parts.extend(_bar(chart_id, label, block, TOP + ROW_H * index))
    parts.extend(_legend(chart_id, TOP + ROW_H * max(len(rows), 1) + 14))
    parts.append("</svg>")
    return svg(parts)

"""The pieces every hand-written SVG chart is made of: the frame with its title and
description, text, grid lines and number format.

Every chart has a ``<title>`` and ``<desc>`` that ``aria-labelledby`` points to, uses only SVG
presentation attributes (the Content-Security-Policy forbids style attributes) and no script,
so it works in web pages, in PDFs and without JavaScript. Pages show a data table with the
same numbers beside every chart. See docs/decisions/0005-charts.md.
"""

from __future__ import annotations

from markupsafe import Markup, escape

WIDTH = 640
HEIGHT = 320
INK = "#212b32"
GRID = "#d8dde0"
SECONDARY = "#4c6272"


def fmt(number: float) -> str:
    return f"{number:.1f}".rstrip("0").rstrip(".")


def frame(chart_id: str, title: str, description: str, *, height: float = HEIGHT) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="app-chart" role="img" '
        f'viewBox="0 0 {WIDTH} {fmt(height)}" width="100%" preserveAspectRatio="xMidYMid meet" '
        f'aria-labelledby="{escape(chart_id)}-title {escape(chart_id)}-desc" '
        f'font-family="Arial, sans-serif" font-size="13" fill="{INK}">'
        f'<title id="{escape(chart_id)}-title">{escape(title)}</title>'
        f'<desc id="{escape(chart_id)}-desc">{escape(description)}</desc>'
    )


def text(x: float, y: float, text: str, *, anchor: str = "middle", size: int = 13) -> str:
    return (
        f'<text x="{fmt(x)}" y="{fmt(y)}" text-anchor="{anchor}" font-size="{size}">'
        f"{escape(text)}</text>"
    )


def line(x1: float, y1: float, x2: float, y2: float, *, colour: str = GRID) -> str:
    return (
        f'<line x1="{fmt(x1)}" y1="{fmt(y1)}" x2="{fmt(x2)}" y2="{fmt(y2)}" '
        f'stroke="{colour}" stroke-width="1"/>'
    )


def svg(parts: list[str]) -> Markup:
    # Safe: every piece of text from outside (titles, names, labels) went through escape()
    # in frame, text or the <title> of a point; the rest is markup and numbers made here.
    return Markup("".join(parts))  # noqa: S704


def empty(chart_id: str, title: str) -> Markup:
    return svg(
        [
            frame(chart_id, title, "There are no figures to chart."),
            text(WIDTH / 2, HEIGHT / 2, "No figures to chart"),
            "</svg>",
        ]
    )

"""QCPM charts as inline SVG, drawn from the pieces in ``core.charts``: the trend of scores,
bands by count and the funnel plot. Pure functions from numbers to markup."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

from core import academic_year
from core.charts import HEIGHT, INK, SECONDARY, WIDTH, empty, fmt, frame, line, svg, text
from ratings.compute.stats import Funnel

LEFT, RIGHT, TOP, BOTTOM = 56, 24, 24, 48
# The NHS palette; a dark outline keeps pale fills visible against the white background.
BAND_FILLS = {
    "green": "#007f3b",
    "high_amber": "#ffb81c",
    "low_amber": "#ed8b00",
    "red": "#d5281b",
    "not_rated": "#768692",
}
SERIES_STYLES = [
    ("#005eb8", ""),
    ("#330072", "8 4"),
    ("#007f3b", "2 4"),
    ("#d5281b", "12 4 2 4"),
    ("#4c6272", "4 2"),
    ("#ae2573", "1 3"),
]


@dataclass(frozen=True)
class Series:
    """A named line: its value for each x position (None where there is no value)."""

    name: str
    values: Mapping[int, float | None]


# Every series differs from the others without colour: its dash pattern (six) and its marker
# shape (five) together are unique for thirty series, and each line is named at its end.
MARKERS = ("circle", "square", "triangle", "diamond", "ring")
LABEL_GAP = 14  # the least distance between two direct labels, in pixels
CHAR_WIDTH = 7  # a generous width of one character at the labels' size


def _style(number: int) -> tuple[str, str, str]:
    colour, dash = SERIES_STYLES[number % len(SERIES_STYLES)]
    return colour, dash, MARKERS[number % len(MARKERS)]


def trend_chart(
    chart_id: str, title: str, years: Sequence[int], series: Sequence[Series], *, top: float = 3
) -> Markup:
    """Scores (0 to ``top``) by academic year, one line per series, a marker on each value and
    the series' name at the end of its line."""
    if not years or not series:
        return empty(chart_id, title)
    # Room on the right for the names at the ends of the lines.
    right = min(RIGHT + CHAR_WIDTH * max(len(s.name) for s in series), WIDTH // 3)
    plot_w, plot_h = WIDTH - LEFT - right, HEIGHT - TOP - BOTTOM
    # The legend goes below the plot, one line per series; the chart grows to make room.
    height = HEIGHT + 18 * len(series)

    def x_of(index: int) -> float:
        return LEFT + (plot_w * (index + 0.5) / len(years))

    def y_of(value: float) -> float:
        return TOP + plot_h * (1 - value / top)

    names = ", ".join(s.name for s in series)
    description = (
        f"Line chart of the score (0 to {fmt(top)}) for each academic year from "
        f"{academic_year.label(years[0])} to {academic_year.label(years[-1])}: {names}. "
        "The table below gives the same figures."
    )
    parts = [frame(chart_id, title, description, height=height)]
    for tick in range(int(top) + 1):
        y = y_of(tick)
        parts.append(line(LEFT, y, LEFT + plot_w, y))
        parts.append(text(LEFT - 8, y + 4, str(tick), anchor="end"))
    for index, year in enumerate(years):
        parts.append(text(x_of(index), TOP + plot_h + 20, academic_year.label(year)))
    parts.append(
        f'<text x="14" y="{fmt(TOP + plot_h / 2)}" text-anchor="middle" '
        f'transform="rotate(-90 14 {fmt(TOP + plot_h / 2)})">Score</text>'
    )
    ends: list[tuple[float, str]] = []
    for number, item in enumerate(series):
        points = [(x_of(i), item.values.get(year)) for i, year in enumerate(years)]
        parts += _series_marks(number, item.name, points, y_of)
        last = [y_of(float(value)) for _, value in points if value is not None]
        if last:
            ends.append((last[-1], item.name))
    parts += _end_labels(ends, LEFT + plot_w + 8)
    parts.append("</svg>")
    return svg(parts)


def _end_labels(ends: list[tuple[float, str]], x: float) -> list[str]:
    """Each series' name beside the end of its line, moved down just enough not to overlap."""
    parts = []
    floor = float("-inf")
    for y, name in sorted(ends):
        y = max(y, floor + LABEL_GAP)
        floor = y
        parts.append(text(x, y + 4, name, anchor="start", size=12))
    return parts


def _marker(shape: str, x: float, y: float, colour: str) -> str:
    """One value's marker; the shape tells the series apart without its colour."""
    edge = 'stroke="#ffffff" stroke-width="1"'
    if shape == "square":
        return (
            f'<rect x="{fmt(x - 4)}" y="{fmt(y - 4)}" width="8" height="8" fill="{colour}" {edge}/>'
        )
    if shape in ("triangle", "diamond"):
        corners = (
            [(x, y - 5), (x + 5, y + 4), (x - 5, y + 4)]
            if shape == "triangle"
            else [(x, y - 5), (x + 5, y), (x, y + 5), (x - 5, y)]
        )
        points = " ".join(f"{fmt(px)},{fmt(py)}" for px, py in corners)
        return f'<polygon points="{points}" fill="{colour}" {edge}/>'
    if shape == "ring":
        return (
            f'<circle cx="{fmt(x)}" cy="{fmt(y)}" r="4" fill="#ffffff" '
            f'stroke="{colour}" stroke-width="2"/>'
        )
    return f'<circle cx="{fmt(x)}" cy="{fmt(y)}" r="4" fill="{colour}" {edge}/>'


def _series_marks(
    number: int,
    name: str,
    points: Sequence[tuple[float, float | None]],
    y_of: Callable[[float], float],
) -> list[str]:
    """One series of the trend chart: its line, a marker on each value and its legend entry.
    ``points`` are (x, value) with None where the year has no value."""
    colour, dash, shape = _style(number)
    dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
    # A year without a value breaks the line rather than bridging the gap.
    segments: list[list[tuple[float, float]]] = [[]]
    for x, value in points:
        if value is None:
            segments.append([])
        else:
            segments[-1].append((x, y_of(float(value))))
    parts = []
    for segment in segments:
        if len(segment) > 1:
            path = " ".join(f"{fmt(x)},{fmt(y)}" for x, y in segment)
            parts.append(
                f'<polyline points="{path}" fill="none" stroke="{colour}" '
                f'stroke-width="2.5"{dash_attr}/>'
            )
    for x, y in (point for segment in segments for point in segment):
        parts.append(_marker(shape, x, y, colour))
    legend_y = HEIGHT + 18 * number + 4
    parts.append(
        f'<line x1="{LEFT}" y1="{legend_y}" x2="{LEFT + 28}" y2="{legend_y}" '
        f'stroke="{colour}" stroke-width="2.5"{dash_attr}/>'
    )
    parts.append(_marker(shape, LEFT + 14, legend_y, colour))
    parts.append(text(LEFT + 36, legend_y + 4, name, anchor="start"))
    return parts


def band_bar_chart(chart_id: str, title: str, counts: Sequence[tuple[str, str, int]]) -> Markup:
    """Horizontal bars of how many ratings fall in each band: (band key, label, count)."""
    if not counts:
        return empty(chart_id, title)
    label_w = 120
    plot_w = WIDTH - LEFT - RIGHT - label_w
    row_h = (HEIGHT - TOP - BOTTOM) / len(counts)
    most = max((count for _, _, count in counts), default=0) or 1
    summary = "; ".join(f"{label}: {count}" for _, label, count in counts)
    parts = [frame(chart_id, title, f"Bar chart of ratings by band. {summary}.")]
    for index, (key, label, count) in enumerate(counts):
        y = TOP + row_h * index
        bar_w = plot_w * count / most
        parts.append(text(LEFT + label_w - 8, y + row_h / 2 + 4, label, anchor="end"))
        if count:
            parts.append(
                f'<rect x="{LEFT + label_w}" y="{fmt(y + row_h * 0.15)}" '
                f'width="{fmt(bar_w)}" height="{fmt(row_h * 0.7)}" '
                f'fill="{BAND_FILLS.get(key, SECONDARY)}" stroke="{INK}" stroke-width="1"/>'
            )
        parts.append(
            text(LEFT + label_w + bar_w + 8, y + row_h / 2 + 4, str(count), anchor="start")
        )
    parts.append(line(LEFT + label_w, TOP, LEFT + label_w, HEIGHT - BOTTOM, colour=INK))
    parts.append("</svg>")
    return svg(parts)


def funnel_plot(chart_id: str, title: str, data: Funnel, *, measure: str = "Proportion") -> Markup:
    """Each provider's proportion (as a percentage) against its denominator, with the pooled
    mean and the 95% (dashed) and 99.8% (solid) control limits."""
    if data.pooled is None or not data.points:
        return empty(chart_id, title)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    x_max = max(limit.denominator for limit in data.curve) * 1.05
    y_low, y_high = _funnel_range(data)

    def x_of(n: float) -> float:
        return LEFT + plot_w * n / x_max

    def y_of(p: float) -> float:
        return TOP + plot_h * (1 - (p - y_low) / (y_high - y_low))

    outside = sum(1 for p in data.points if p.position != "within")
    parts = [
        frame(
            chart_id,
            title,
            f"Funnel plot of {measure.lower()} against the number of learners counted, for "
            f"{len(data.points)} providers. The pooled {measure.lower()} is "
            f"{data.pooled:.1%}; {outside} of them fall outside the 95% control limits. "
            "The table below gives each provider's figures.",
        )
    ]
    for step in range(5):
        p = y_low + (y_high - y_low) * step / 4
        parts.append(line(LEFT, y_of(p), LEFT + plot_w, y_of(p)))
        parts.append(text(LEFT - 8, y_of(p) + 4, f"{p:.0%}", anchor="end"))
    for step in range(5):
        n = x_max * step / 4
        parts.append(text(x_of(n), TOP + plot_h + 18, f"{n:,.0f}"))
    parts.append(text(LEFT + plot_w / 2, HEIGHT - 8, "Number of learners counted (denominator)"))
    parts += _funnel_limits(data, x_of, y_of)
    parts.append(
        f'<line x1="{LEFT}" y1="{fmt(y_of(data.pooled))}" x2="{LEFT + plot_w}" '
        f'y2="{fmt(y_of(data.pooled))}" stroke="{INK}" stroke-width="1.5"/>'
    )
    parts += _funnel_points(data, x_of, y_of)
    parts.append("</svg>")
    return svg(parts)


def _funnel_range(data: Funnel) -> tuple[float, float]:
    """The proportions the plot shows: the points and the outer limits, with a margin."""
    values = [p.proportion for p in data.points] + [
        v for limit in data.curve for v in (limit.lower998, limit.upper998)
    ]
    y_low = max(0.0, min(values) - 0.02)
    y_high = min(1.0, max(values) + 0.02)
    if y_high - y_low < 0.05:
        y_low, y_high = max(0.0, y_low - 0.05), min(1.0, y_high + 0.05)
    return y_low, y_high


def _funnel_limits(
    data: Funnel, x_of: Callable[[float], float], y_of: Callable[[float], float]
) -> list[str]:
    """The 95% (dashed) and 99.8% (solid) control limits, above and below."""
    parts = []
    for upper, lower, dash in (("upper95", "lower95", "6 4"), ("upper998", "lower998", "")):
        for attr in (upper, lower):
            path = " ".join(
                f"{fmt(x_of(limit.denominator))},{fmt(y_of(getattr(limit, attr)))}"
                for limit in data.curve
            )
            dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
            parts.append(
                f'<polyline points="{path}" fill="none" stroke="{SECONDARY}" '
                f'stroke-width="1.5"{dash_attr}/>'
            )
    return parts


def _funnel_points(
    data: Funnel, x_of: Callable[[float], float], y_of: Callable[[float], float]
) -> list[str]:
    """Points outside the 95% limits are red diamonds, the rest blue circles: shape as well
    as colour tells them apart."""
    parts = []
    for point in data.points:
        x, y = fmt(x_of(point.denominator)), fmt(y_of(point.proportion))
        tip = (
            f"<title>{escape(point.label)}: {point.proportion:.1%} of "
            f"{point.denominator:,.0f}</title>"
        )
        if point.position == "within":
            parts.append(
                f'<circle cx="{x}" cy="{y}" r="5" fill="#005eb8" stroke="{INK}" '
                f'stroke-width="1">{tip}</circle>'
            )
        else:
            parts.append(
                f'<rect x="{fmt(float(x) - 5)}" y="{fmt(float(y) - 5)}" width="10" height="10" '
                f'fill="#d5281b" stroke="{INK}" stroke-width="1" '
                f'transform="rotate(45 {x} {y})">{tip}</rect>'
            )
    return parts

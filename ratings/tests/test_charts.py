"""Charts are valid, accessible SVG with no inline styles or scripts."""

import itertools
import xml.etree.ElementTree as ET

import pytest

from ratings.compute import stats
from ratings.reports import charts

SVG = "{http://www.w3.org/2000/svg}"


def _check(markup, chart_id, title):
    root = ET.fromstring(str(markup))  # noqa: S314 (markup made by our own code)
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == f"{chart_id}-title {chart_id}-desc"
    title_el = root.find(f"{SVG}title")
    assert title_el is not None and title_el.get("id") == f"{chart_id}-title"
    assert title_el.text == title
    desc = root.find(f"{SVG}desc")
    assert desc is not None and desc.text
    for element in root.iter():
        assert "style" not in element.attrib
        assert not element.tag.endswith("script")
        assert not any(name.startswith("on") for name in element.attrib)
    return root


def test_a_trend_chart_draws_a_line_and_a_marker_per_value():
    series = [
        charts.Series("Overall", {2023: 1.0, 2024: 2.0, 2025: 2.75}),
        charts.Series("Nursing", {2023: None, 2024: 1.5, 2025: 3.0}),
    ]
    root = _check(
        charts.trend_chart("t", "Scores by year", [2023, 2024, 2025], series), "t", "Scores by year"
    )
    # Nursing has no 2023 value: its line starts at 2024 rather than bridging a gap.
    assert len(root.findall(f"{SVG}polyline")) == 2
    # A marker per value (and one in the legend): circles for Overall, squares for Nursing.
    assert len(root.findall(f"{SVG}circle")) == 3 + 1
    assert len(root.findall(f"{SVG}rect")) == 2 + 1
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert "2024/25" in texts and "Overall" in texts


def test_every_series_is_told_apart_without_colour_and_named_at_its_end():
    names = [
        "Overall",
        "Adult nursing",
        "Child nursing",
        "Midwifery",
        "Paramedics",
        "Physiotherapy",
        "Radiography",
        "Dietetics",
    ]
    series = [charts.Series(name, {2024: 2.0, 2025: 2.0}) for name in names]
    root = _check(charts.trend_chart("s", "Scores", [2024, 2025], series), "s", "Scores")

    styles = [charts._style(number) for number in range(len(names))]
    # Without colour, a series is its dash pattern and its marker: no two share both.
    assert len({(dash, marker) for _, dash, marker in styles}) == len(names)
    # Each name is in the legend and again beside the end of its line; all eight lines end
    # on the same value, so the labels are stacked at least LABEL_GAP apart.
    labels = [t for t in root.iter(f"{SVG}text") if t.text in names]
    assert sorted(t.text for t in labels) == sorted(names * 2)
    ends = sorted(float(t.get("y")) for t in labels if t.get("font-size") == "12")
    assert len(ends) == len(names)
    # Positions are written to one decimal place.
    assert all(b - a >= charts.LABEL_GAP - 0.05 for a, b in itertools.pairwise(ends))


def test_a_band_chart_has_a_bar_per_band_with_a_count():
    counts = [("green", "Green", 4), ("red", "Red", 1), ("not_rated", "Not rated", 0)]
    root = _check(charts.band_bar_chart("b", "Bands", counts), "b", "Bands")
    bars = root.findall(f"{SVG}rect")
    assert len(bars) == 2
    assert bars[0].get("fill") == charts.BAND_FILLS["green"]
    assert "Green: 4; Red: 1; Not rated: 0" in root.find(f"{SVG}desc").text


def test_a_funnel_plot_draws_limits_pooled_line_and_points():
    plot = stats.funnel([("A", 80, 100), ("B", 30, 100), ("C", 15, 20)])
    root = _check(charts.funnel_plot("f", "Fill", plot), "f", "Fill")
    assert len(root.findall(f"{SVG}polyline")) == 4
    outside = sum(1 for p in plot.points if p.position != "within")
    assert outside
    assert len(root.findall(f"{SVG}circle")) == 3 - outside
    assert len(root.findall(f"{SVG}rect")) == outside
    assert "outside the 95% control limits" in root.find(f"{SVG}desc").text


def test_text_in_charts_is_escaped():
    markup = charts.band_bar_chart("x", "<b>Bands & more</b>", [("red", "<Red>", 1)])
    assert "<b>" not in str(markup) and "&lt;Red&gt;" in str(markup)
    ET.fromstring(str(markup))  # noqa: S314 (markup made by our own code)


@pytest.mark.parametrize(
    "markup",
    [
        charts.trend_chart("e", "Empty", [], []),
        charts.band_bar_chart("e", "Empty", []),
        charts.funnel_plot("e", "Empty", stats.funnel([])),
    ],
)
def test_an_empty_chart_says_there_is_nothing_to_chart(markup):
    root = _check(markup, "e", "Empty")
    assert "No figures to chart" in [t.text for t in root.iter(f"{SVG}text")]

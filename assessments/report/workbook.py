"""The published report's tables as spreadsheet sheets, for the Excel download. A suppressed
figure shows the word, never a number."""

from __future__ import annotations

from typing import Any

Sheet = tuple[str, list[str], list[list[Any]]]
SUPPRESSED = "Suppressed"
VALUE_HEADERS = [
    "Submissions",
    "Met",
    "Partially met",
    "Not met",
    "Not applicable",
    "Met %",
    "Partially met %",
    "Not met %",
]


def _cells(block: dict[str, Any]) -> list[Any]:
    """A figures block as spreadsheet cells; a suppressed block shows the word, no numbers."""
    if block.get("suppressed"):
        return [SUPPRESSED] * len(VALUE_HEADERS)
    return [
        block["submissions"],
        block["met"],
        block["partially_met"],
        block["not_met"],
        block["not_applicable"],
        block["met_share"],
        block["partially_met_share"],
        block["not_met_share"],
    ]


def _change_cells(change: dict[str, Any]) -> list[Any]:
    kind = str(change.get("kind", ""))
    if kind == "compared":
        return [change.get("met_last_year"), change.get("met")]
    words = {"none": "No earlier report", "new": "New standard", "suppressed": SUPPRESSED}
    return [words.get(kind, ""), words.get(kind, "")]


def _response_cells(block: dict[str, Any]) -> list[Any]:
    if block.get("suppressed"):
        return [SUPPRESSED] * 5
    return [
        block["in_scope"],
        block["submitted"],
        block["on_time"],
        block["response_rate"],
        block["on_time_rate"],
    ]


RESPONSE_HEADERS = ["In scope", "Submitted", "On time", "Response rate %", "On-time rate %"]
CHANGE_HEADERS = ["Met % last year", "Change in met (points)"]


def _overview_sheets(figures: dict[str, Any]) -> list[Sheet]:
    """The response, the domains and the standards."""
    return [
        (
            "Response",
            ["Group", *RESPONSE_HEADERS],
            [["England", *_response_cells(figures["response"])]]
            + [[g["name"], *_response_cells(g["response"])] for g in figures["by_region"]],
        ),
        (
            "Domains",
            ["Domain", "Title", *VALUE_HEADERS, *CHANGE_HEADERS],
            [
                [d["number"], d["title"], *_cells(d), *_change_cells(d["change"])]
                for d in figures["domains"]
            ],
        ),
        (
            "Standards",
            ["Reference", "Standard", "Title", *VALUE_HEADERS, *CHANGE_HEADERS],
            [
                [s["ref"], s["label"], s["title"], *_cells(s), *_change_cells(s["change"])]
                for d in figures["domains"]
                for s in d["standards"]
            ],
        ),
    ]


def _group_sheet(figures: dict[str, Any], key: str, title: str, label: str) -> Sheet:
    """Each region's (or provider type's) shares, over all domains and in each."""
    rows: list[list[Any]] = []
    for group in figures[key]:
        if group["suppressed"]:
            rows.append([group["name"], "All domains", *_cells(group)])
            continue
        rows.append([group["name"], "All domains", *_cells(group["overall"])])
        rows.extend(
            [group["name"], f"{d['number']}. {d['title']}", *_cells(d)] for d in group["domains"]
        )
    return (title, [label, "Domain", *VALUE_HEADERS], rows)


def _actions_sheet(figures: dict[str, Any]) -> Sheet:
    """The actions by standard, one row per example action."""
    action_rows: list[list[Any]] = []
    for item in figures["actions"]:
        if item["suppressed"]:
            action_rows.append([item["ref"], item["title"], SUPPRESSED, SUPPRESSED, ""])
            continue
        for number, text in enumerate(item["samples"] or [""]):
            first = number == 0
            action_rows.append(
                [
                    item["ref"],
                    item["title"],
                    item["count"] if first else "",
                    item["providers"] if first else "",
                    text,
                ]
            )
    return (
        "Actions",
        ["Reference", "Standard", "Actions", "Providers", "Example action"],
        action_rows,
    )


def workbook_sheets(figures: dict[str, Any]) -> list[Sheet]:
    """The report's tables, one sheet each, for the Excel download."""
    return [
        *_overview_sheets(figures),
        _group_sheet(figures, "by_region", "By region", "Region"),
        _group_sheet(figures, "by_type", "By provider type", "Provider type"),
        _actions_sheet(figures),
    ]

"""Write the load test's figures into bench/RESULTS.md, in the part that ``python -m bench``
keeps (below ``KEPT``)."""

from __future__ import annotations

import os
import platform
import time
from pathlib import Path
from typing import Any

RESULTS = Path(__file__).resolve().parent.parent / "RESULTS.md"
KEPT = "<!-- Below: written by other commands; python -m bench keeps it. -->"
START = "<!-- load test: start -->"
END = "<!-- load test: end -->"
# A request failed "in flight" when it was under way at a fault (started no later than a
# second after it, ended after it): the issue allows those and no others.
IN_FLIGHT_S = 1.0
TARGETS = {"pages": 300.0, "autosave": 100.0}


def in_flight(failure: dict[str, Any], faults: list[dict[str, Any]]) -> bool:
    return any(
        failure["started"] <= fault["at"] + IN_FLIGHT_S and failure["ended"] >= fault["at"]
        for fault in faults
    )


def _row(name: str, figures: dict[str, Any], target: str) -> str:
    return (
        f"| {name} | {figures['requests']:,} | {figures['failures']:,} | "
        f"{figures['rps']:.1f} | {figures['p50']:.0f} ms | {figures['p95']:.0f} ms | "
        f"{figures['p99']:.0f} ms | {target} |"
    )


def section(report: dict[str, Any]) -> list[str]:
    faults = report["faults"]
    failures = report["failures"]
    excused = sum(in_flight(failure, faults) for failure in failures)
    lost = report["lost"]
    lines = [
        START,
        "## Load test (production-like layout)",
        "",
        f"`python -m bench.load`: {report['users']} users for {report['minutes']:g} minutes "
        f"against gunicorn ({report['web_processes']} processes) and {report['workers']} task "
        "workers on PostgreSQL, static files collected, served on 127.0.0.1; users run in "
        "one locust process on the same 2-core machine. Seeding the national register took "
        f"{report['seed_s']:.0f} s. Run on {time.strftime('%Y-%m-%d')}, "
        f"{os.cpu_count()} cores, Python {platform.python_version()}.",
        "",
        "| requests | count | failures | per second | p50 | p95 | p99 | target (p95) |",
        "|---|---|---|---|---|---|---|---|",
        _row("all", report["total"], ""),
    ]
    for group, figures in report["groups"].items():
        target = f"< {TARGETS[group]:.0f} ms" if group in TARGETS else ""
        lines.append(_row(group, figures, target))
    lines += ["", "| fault | when | what happened | afterwards |", "|---|---|---|---|"]
    for fault in faults:
        minute = (fault["at"] - report["started"]) / 60
        lines.append(
            f"| {fault['what']} | minute {minute:.1f} | {fault['detail']} | {fault['recovered']} |"
        )
    lines += [
        "",
        f"Failed requests: {len(failures)}, of which {excused} were in flight at a fault "
        f"and {len(failures) - excused} were not. Answers the service acknowledged: "
        f"{lost['autosaves_checked']:,} checked against the database afterwards, "
        f"{lost['autosaves_lost']} lost ({lost.get('autosaves_newer', 0)} held a later answer "
        "whose reply never arrived). KPI import(s) confirmed during the run ended: "
        f"{', '.join(lost['imports']) or 'none'}.",
        "",
        END,
    ]
    return lines


def write(report: dict[str, Any]) -> None:
    text = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else ""
    if KEPT not in text:
        text = text.rstrip("\n") + "\n\n" + KEPT + "\n"
    head, kept = text.split(KEPT, 1)
    if START in kept:
        before, rest = kept.split(START, 1)
        after = rest.split(END, 1)[1] if END in rest else ""
        kept = before + "\n".join(section(report)) + after
    else:
        kept = kept.rstrip("\n") + "\n\n" + "\n".join(section(report)) + "\n"
    RESULTS.write_text(head + KEPT + kept, encoding="utf-8")

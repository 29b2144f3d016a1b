"""The users' side of the load test, in its own process because locust patches the standard
library (gevent) when it is imported.

    python -m bench.load.users HOST USERS SPAWN_RATE SECONDS OUT.json
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any

import gevent  # type: ignore[import-untyped]  # gevent ships no type hints
from locust.env import Environment
from locust.stats import StatsEntry

from bench.load import journeys

GROUPS = {"pages": "page: ", "autosave": "autosave", "imports": "import: "}


def _figures(entry: StatsEntry) -> dict[str, Any]:
    return {
        "requests": entry.num_requests,
        "failures": entry.num_failures,
        "rps": entry.total_rps,
        "p50": entry.get_response_time_percentile(0.5),
        "p95": entry.get_response_time_percentile(0.95),
        "p99": entry.get_response_time_percentile(0.99),
        "max": entry.max_response_time,
    }


def main() -> None:
    host, users, spawn_rate, seconds, out = sys.argv[1:6]
    env = Environment(
        user_classes=[
            journeys.PublicVisitor,
            journeys.Staff,
            journeys.Contributor,
            journeys.ContractManager,
        ],
        host=host,
    )
    failures: list[dict[str, Any]] = []

    def on_request(name: str, response_time: float, exception: Exception | None, **_: Any) -> None:
        if exception is not None:
            ended = time.time()
            failures.append(
                {
                    "name": name,
                    "started": ended - response_time / 1000,
                    "ended": ended,
                    "error": str(exception)[:200],
                }
            )

    env.events.request.add_listener(on_request)  # type: ignore[no-untyped-call]  # locust's hook is untyped
    runner = env.create_local_runner()
    started = time.time()
    runner.start(int(users), spawn_rate=float(spawn_rate))
    gevent.spawn_later(float(seconds), runner.quit)
    runner.greenlet.join()
    stats = env.stats
    by_name = {entry.name: _figures(entry) for entry in stats.entries.values()}
    groups = {}
    for group, prefix in GROUPS.items():
        total = StatsEntry(stats, group, "")
        for entry in stats.entries.values():
            if entry.name.startswith(prefix):
                total.extend(entry)
        groups[group] = _figures(total)
    report = {
        "started": started,
        "seconds": time.time() - started,
        "total": _figures(stats.total),
        "groups": groups,
        "by_name": by_name,
        "failures": failures,
        "saved": [[s, q, comment] for (s, q), comment in journeys.SAVED.items()],
        "imports": journeys.IMPORTS,
    }
    Path(out).write_text(json.dumps(report, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()

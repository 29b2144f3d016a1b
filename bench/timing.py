"""Small timing helpers shared by the benchmark scenarios."""

from __future__ import annotations

import statistics
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import connection, reset_queries
from django.test.utils import CaptureQueriesContext


@dataclass
class Measure:
    """The median and worst of several runs of one thing, with its query count."""

    name: str
    median_ms: float
    max_ms: float
    runs: int
    queries: int | None = None
    peak_mb: float | None = None
    sql_ms: float | None = None
    target: str = ""
    note: str = ""

    def as_dict(self) -> dict[str, Any]:
        return self.__dict__.copy()


def measure(
    name: str, action: Callable[[], Any], *, runs: int = 15, warmup: int = 2, target: str = ""
) -> Measure:
    for _ in range(warmup):
        action()
    times = []
    with CaptureQueriesContext(connection) as ctx:
        reset_queries()
        action()
        queries = len(ctx.captured_queries)
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return Measure(name, statistics.median(times), max(times), runs, queries=queries, target=target)


def once(
    name: str, action: Callable[[], Any], *, target: str = "", memory: bool = False, runs: int = 3
) -> Measure:
    """Time ``action`` a few times; measure its peak Python memory in one more, untimed run
    (tracing allocations slows code down several times, so it never overlaps the timing)."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    peak = None
    if memory:
        tracemalloc.start()
        action()
        peak = tracemalloc.get_traced_memory()[1] / 1_048_576
        tracemalloc.stop()
    return Measure(name, statistics.median(times), max(times), runs, peak_mb=peak, target=target)


def sql_ms(sql: str, params: list[Any] | None = None, *, runs: int = 15) -> float:
    """Median time of the plain SQL that reads the same rows, fetched in full."""

    def run() -> None:
        with connection.cursor() as cursor:
            cursor.execute(sql, params or [])
            cursor.fetchall()

    run()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        run()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)

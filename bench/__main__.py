"""Run every benchmark on SQLite and PostgreSQL and write bench/RESULTS.md.

    python -m bench                # both databases
    python -m bench --db sqlite    # one of them
    python -m bench --only report  # only the scenario modules whose name contains "report"

Each database runs in its own process with a fresh database seeded at national scale.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "RESULTS.md"
PG_SERVER = os.environ.get("BENCH_PG_SERVER", "postgres://postgres@127.0.0.1:5432")
PG_DATABASE = "edquality_bench"
# Every bench/scenarios_*.py module with a run() -> list[Measure], in name order.
SCENARIOS = sorted(f"bench.{path.stem}" for path in (ROOT / "bench").glob("scenarios_*.py"))


def _child(database: str, only: str | None) -> None:
    """Runs inside the child process: migrate, seed, measure, print JSON (as of the day
    ``--today`` named, if it named one)."""
    import django

    django.setup()
    from core import clock

    day = os.environ.get("EDQUALITY_BENCH_TODAY")
    with clock.as_of(clock.parse_day(day) if day else None):
        _measure(database, only)


def _measure(database: str, only: str | None) -> None:
    from django.core.management import call_command

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    call_command("seed_demo", scale="national", verbosity=0)
    seed_seconds = time.perf_counter() - started
    import importlib

    results: list[dict[str, object]] = []
    for module_name in (name for name in SCENARIOS if not only or only in name):
        module = importlib.import_module(module_name)
        results.extend(m.as_dict() for m in module.run())
    print(
        "BENCH-JSON "
        + json.dumps({"database": database, "seed_s": seed_seconds, "results": results})
    )


def _prepare_postgres() -> str:
    import psycopg

    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {PG_DATABASE}")
        conn.execute(f"CREATE DATABASE {PG_DATABASE}")
    return f"{PG_SERVER}/{PG_DATABASE}"


def _run(database: str, only: str | None) -> dict[str, Any]:
    env = dict(os.environ)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "edquality.settings",
            "EDQUALITY_DEMO": "true",
            "ALLOWED_HOSTS": "testserver",  # Django's test client, which the scenarios use
        }
    )
    with tempfile.TemporaryDirectory() as var_dir:
        env["EDQUALITY_VAR_DIR"] = var_dir
        if database == "postgresql":
            env["DATABASE_URL"] = _prepare_postgres()
        else:
            env.pop("DATABASE_URL", None)
        output = subprocess.run(  # noqa: S603 (our own interpreter and module)
            [
                sys.executable,
                "-m",
                "bench",
                "--child",
                database,
                *(["--only", only] if only else []),
            ],
            env=env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
        )
    if output.returncode != 0:
        sys.stderr.write(output.stdout + output.stderr)
        raise SystemExit(f"benchmark on {database} failed")
    line = next(line for line in output.stdout.splitlines() if line.startswith("BENCH-JSON "))
    report: dict[str, Any] = json.loads(line.removeprefix("BENCH-JSON "))
    return report


def _fmt(value: float | None, unit: str = "ms") -> str:
    if value is None:
        return ""
    return f"{value:,.1f} {unit}" if value < 1000 or unit != "ms" else f"{value / 1000:,.2f} s"


def _write(reports: list[dict[str, Any]]) -> None:
    lines = [
        "# Benchmark results",
        "",
        "Written by `python -m bench` (`make bench`). Each database is freshly migrated and",
        "seeded with `seed_demo --scale national`; page times are server time through Django's",
        "test client (middleware, queries and template rendering, no network), median of 15",
        "runs after 2 warm-ups. Plain SQL is the median time of the SQL that reads the same",
        "rows through the same connection, so the gap to the database's own speed is visible.",
        "",
        f"Machine: {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"{platform.system()} {platform.machine()}. Run on {time.strftime('%Y-%m-%d')}.",
        "",
    ]
    for report in reports:
        lines += [
            f"## {report['database']}",
            "",
            f"Seeding national-scale demo data took {report['seed_s']:.1f} s.",
            "",
            "| what | median | worst | queries | peak memory | plain SQL | target |",
            "|---|---|---|---|---|---|---|",
        ]
        for r in report["results"]:
            lines.append(
                f"| {r['name']} | {_fmt(r['median_ms'])} | {_fmt(r['max_ms'])} | "
                f"{'' if r['queries'] is None else r['queries']} | "
                f"{'' if r['peak_mb'] is None else f'{r["peak_mb"]:.1f} MB'} | "
                f"{_fmt(r['sql_ms'])} | {r['target']} |"
            )
        lines.append("")
    # What other commands wrote below the marker (the load test, the fault runs) stays.
    from bench.load.report import KEPT

    old = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else ""
    kept = KEPT + old.split(KEPT, 1)[1] if KEPT in old else ""
    RESULTS.write_text("\n".join(lines) + kept, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument(
        "--only",
        help="run only the scenario modules whose name contains this text; "
        "the results are printed, and bench/RESULTS.md is left as it is",
    )
    parser.add_argument(
        "--today", metavar="YYYY-MM-DD", help="seed and measure as if this were today"
    )
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.today:
        from core import clock

        try:
            os.environ["EDQUALITY_BENCH_TODAY"] = clock.parse_day(
                args.today, name="--today"
            ).isoformat()
        except ValueError as error:
            parser.error(str(error))
    if args.child:
        _child(args.child, args.only)
        return
    databases = ["sqlite", "postgresql"] if args.db == "both" else [args.db]
    reports = []
    for database in databases:
        print(f"Benchmarking on {database}...", flush=True)
        reports.append(_run(database, args.only))
    if args.only:
        print(json.dumps(reports, indent=1))
        return
    _write(reports)
    print(RESULTS.read_text(encoding="utf-8"))


if __name__ == "__main__":
    main()

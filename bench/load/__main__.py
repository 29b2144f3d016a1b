"""Run the load test; see bench/load/__init__.py."""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.load.report import write

ROOT = Path(__file__).resolve().parent.parent.parent
PG_SERVER = os.environ.get("BENCH_PG_SERVER", "postgres://postgres@127.0.0.1:5432")
DATABASE = "edquality_load"
# The worker process itself, not the supervisor whose arguments name it.
WORKER = r"^\S*python\S* manage.py run_worker"


@dataclass
class Fault:
    what: str
    at: float
    detail: str = ""
    recovered: str = ""


@dataclass
class Layout:
    process: subprocess.Popen[bytes]
    faults: list[Fault] = field(default_factory=list)

    def pids(self, pattern: str) -> list[int]:
        found = subprocess.run(  # noqa: S603
            ["pgrep", "-g", str(self.process.pid), "-f", pattern],  # noqa: S607
            capture_output=True,
            text=True,
            check=False,
        )
        return [int(pid) for pid in found.stdout.split()]

    def kill_a_worker(self) -> None:
        workers = self.pids(WORKER)
        at = time.time()
        os.kill(workers[0], signal.SIGKILL)
        time.sleep(5)
        back = self.pids(WORKER)
        self.faults.append(
            Fault(
                "kill -9 of a task worker",
                at,
                f"{len(workers)} workers running, process {workers[0]} killed",
                f"{len(back)} workers running 5 s later",
            )
        )

    def cut_connections(self) -> None:
        import psycopg

        at = time.time()
        with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as conn:
            rows = conn.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = %s AND pid <> pg_backend_pid()",
                [DATABASE],
            ).fetchall()
        self.faults.append(
            Fault("every database connection terminated", at, f"{len(rows)} connections cut")
        )

    def stop(self) -> None:
        try:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=20)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            os.killpg(self.process.pid, signal.SIGKILL)


def _prepare(env: dict[str, str], world: Path) -> float:
    import psycopg

    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {DATABASE}")
    started = time.perf_counter()
    seed_env = env | {"EDQUALITY_DEMO": "true", "EDQUALITY_ENV": "development"}
    for command in (
        [sys.executable, "manage.py", "migrate", "-v0"],
        [sys.executable, "manage.py", "seed_demo", "--scale", "national", "-v0"],
        [sys.executable, "-m", "bench.load.world", str(world)],
    ):
        subprocess.run(command, env=seed_env, cwd=ROOT, check=True)  # noqa: S603
    return time.perf_counter() - started


def _serve(env: dict[str, str], port: int) -> Layout:
    process = subprocess.Popen(
        ["bash", "scripts/serve_production.sh"],  # noqa: S607
        env=env,
        cwd=ROOT,
        start_new_session=True,
        stdout=subprocess.DEVNULL,
    )
    for _ in range(240):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2)
            return Layout(process)
        except OSError:
            time.sleep(0.5)
    os.killpg(process.pid, signal.SIGTERM)
    raise SystemExit("the production layout did not start: see its logs under the var folder")


def _turn(comment: str | None) -> int:
    """The user's turn written into an answer's comment by the load test (-1 for none)."""
    try:
        return int((comment or "").rsplit("-", 2)[-2])
    except (IndexError, ValueError):
        return -1


def _lost(saved: list[list[Any]], imports: list[int]) -> dict[str, Any]:
    """Compare what the users were told was saved with what the database holds. An answer
    holding a later turn than the last one acknowledged was saved by a request whose reply
    never arrived (in flight at a fault): newer, not lost."""
    import psycopg

    with psycopg.connect(f"{PG_SERVER}/{DATABASE}") as conn:
        missing = newer = 0
        for submission, question, comment in saved:
            row = conn.execute(
                "SELECT comment FROM assessments_answer WHERE submission_id = %s "
                "AND question_id = %s",
                [submission, question],
            ).fetchone()
            stored = row[0] if row else None
            if stored == comment:
                continue
            if _turn(stored) > _turn(comment):
                newer += 1
            else:
                missing += 1
        statuses = [
            conn.execute("SELECT status FROM ratings_kpiimport WHERE id = %s", [pk]).fetchone()
            for pk in imports
        ]
    return {
        "autosaves_checked": len(saved),
        "autosaves_lost": missing,
        "autosaves_newer": newer,
        "imports": [row[0] if row else "missing" for row in statuses],
    }


def _wait_for_imports(imports: list[int], seconds: int = 180) -> None:
    import psycopg

    deadline = time.time() + seconds
    with psycopg.connect(f"{PG_SERVER}/{DATABASE}", autocommit=True) as conn:
        while time.time() < deadline:
            pending = [
                pk
                for pk in imports
                if (
                    conn.execute(
                        "SELECT status FROM ratings_kpiimport WHERE id = %s", [pk]
                    ).fetchone()
                    or ("",)
                )[0]
                in ("queued", "running")
            ]
            if not pending:
                return
            time.sleep(2)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--minutes", type=float, default=10)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--spawn-rate", type=float, default=5)
    parser.add_argument("--web-processes", type=int, default=4)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--no-faults", action="store_true", help="run without the faults")
    args = parser.parse_args()
    seconds = args.minutes * 60
    with tempfile.TemporaryDirectory() as tmp:
        world = Path(tmp) / "world.json"
        env = dict(os.environ) | {
            "DJANGO_SETTINGS_MODULE": "edquality.settings",
            "DATABASE_URL": f"{PG_SERVER}/{DATABASE}",
            "EDQUALITY_VAR_DIR": str(Path(tmp) / "var"),
            "PORT": str(args.port),
            "WEB_PROCESSES": str(args.web_processes),
            "WORKERS": str(args.workers),
            "LOAD_WORLD": str(world),
        }
        print("Preparing a national-scale database...", flush=True)
        seed_seconds = _prepare(env, world)
        layout = _serve(env, args.port)
        try:
            print(f"Running {args.users} users for {args.minutes:g} minutes...", flush=True)
            out = Path(tmp) / "users.json"
            users = subprocess.Popen(  # noqa: S603
                [
                    sys.executable,
                    "-m",
                    "bench.load.users",
                    f"http://127.0.0.1:{args.port}",
                    str(args.users),
                    str(args.spawn_rate),
                    str(seconds),
                    str(out),
                ],
                env=env,
                cwd=ROOT,
            )
            if not args.no_faults:
                time.sleep(seconds * 0.4)
                layout.kill_a_worker()
                time.sleep(seconds * 0.2)
                layout.cut_connections()
            users.wait()
            report: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
            _wait_for_imports(report["imports"])
            report["lost"] = _lost(report["saved"], report["imports"])
        finally:
            layout.stop()
    report |= {
        "seed_s": seed_seconds,
        "users": args.users,
        "minutes": args.minutes,
        "web_processes": args.web_processes,
        "workers": args.workers,
        "faults": [fault.__dict__ for fault in layout.faults],
    }
    print(json.dumps({k: v for k, v in report.items() if k not in ("saved", "by_name")}, indent=1))
    if args.minutes >= 10 and args.users >= 50:
        write(report)
        print("Written into bench/RESULTS.md")


if __name__ == "__main__":
    main()

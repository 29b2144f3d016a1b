"""What hostile and large KPI files cost: the web request, and the worker that checks them.

    python -m bench.bombs            # build the files, measure each, print a table
    python -m bench.bombs --keep DIR # the same, keeping the files (and the database) in DIR

Each file is measured in fresh processes on a SQLite copy of one prepared database (the
reference data, 1,000 education providers, methodologies for 12 years): once as the web
request (``import_preview`` with the upload's bytes; the worker's queue does not run), and,
when the request handed the file to the worker, once as the worker (``check_queued_run``).
Memory is the process's peak resident size during the step (Linux ``VmHWM``, reset just
before it), so it includes the Python process itself (about 72 MB with Django loaded). Time
is wall-clock and, in brackets, the process's CPU time, which other work on the machine
does not inflate.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
MB = 1024 * 1024
PROVIDERS = 1000
YEARS = range(2014, 2026)
CHUNK = 4 * MB


# The files -----------------------------------------------------------------------------------
def _parts(sheet: Iterator[bytes], strings: Iterator[bytes] | None = None) -> dict[str, Any]:
    from core.testing.workbooks import workbook_parts

    return workbook_parts([("Sheet1", sheet)], shared_strings=strings)


def _zip(path: Path, parts: dict[str, Any], level: int = 9) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as archive:
        for name, part in parts.items():
            with archive.open(name, "w", force_zip64=True) as member:
                if isinstance(part, str):
                    member.write(part.encode())
                elif isinstance(part, bytes):
                    member.write(part)
                else:
                    for piece in part:
                        member.write(piece)


def _header_sheet(rows: Iterator[str]) -> Iterator[bytes]:
    from core.testing.workbooks import row_xml, sheet_xml
    from ratings.imports.parsing import COLUMNS

    def all_rows() -> Iterator[str]:
        yield row_xml(1, *COLUMNS)
        yield from rows

    yield from sheet_xml(all_rows())


def _blocks(make: Callable[[int], str], first: int, count: int) -> Iterator[str]:
    for start in range(first, first + count, 100_000):
        yield "".join(make(n) for n in range(start, min(start + 100_000, first + count)))


def shared_strings_gib(path: Path) -> None:
    """A shared strings table that unpacks to 1 GiB, in about a megabyte."""
    text = b"A" * CHUNK

    def strings() -> Iterator[bytes]:
        yield b"<sst><si><t>"
        for _ in range(1024 * MB // CHUNK):
            yield text
        yield b"</t></si></sst>"

    _zip(path, _parts(_header_sheet(iter([])), strings()))


def blank_rows(count: int, level: int) -> Callable[[Path], None]:
    """``count`` blank rows that keep formatting, packed at ``level``."""

    def build(path: Path) -> None:
        row = '<row r="{}" s="1" customFormat="1"/>'.format
        _zip(path, _parts(_header_sheet(_blocks(row, 2, count))), level)

    return build


def empty_cells(count: int) -> Callable[[Path], None]:
    """One row of ``count`` empty cells that keep formatting (columns A to CV, repeated)."""

    def build(path: Path) -> None:
        from core.testing.workbooks import column_letter

        letters = [column_letter(n) for n in range(1, 101)]
        cell = '<c r="{}2" s="1"/>'.format

        def rows() -> Iterator[str]:
            yield '<row r="2">'
            for start in range(0, count, 100_000):
                yield "".join(cell(letters[n % 100]) for n in range(start, start + 100_000))
            yield "</row>"

        _zip(path, _parts(_header_sheet(rows())), 1)

    return build


def billion_laughs(path: Path) -> None:
    """Entities that would expand to a billion "ha"s, in the shared strings."""
    laughs = ['<!ENTITY l0 "ha">'] + [
        f'<!ENTITY l{n} "{f"&l{n - 1};" * 10}">' for n in range(1, 10)
    ]
    strings = (
        f'<?xml version="1.0"?><!DOCTYPE sst [{"".join(laughs)}]><sst><si><t>&l9;</t></si></sst>'
    )
    _zip(path, _parts(_header_sheet(iter([])), iter([strings.encode()])))


def _kpi_rows() -> Iterator[tuple[object, ...]]:
    """100,008 valid rows: 1,000 providers x 12 years x 9 single-value KPIs, less a few."""
    rng = random.Random(14)  # noqa: S311 (made-up figures)
    kpis = ["NSS", "NETS", "DATA"]
    count = 0
    for year in YEARS:
        for provider in range(PROVIDERS):
            for programme in ("NURS-ADULT", "NURS-CHILD", "NURS-MH"):
                for kpi in kpis:
                    value = rng.randint(0, 15) if kpi == "DATA" else round(rng.uniform(0, 100), 1)
                    label = f"{year}/{(year + 1) % 100:02d}"
                    yield (f"{10_100_000 + provider}", programme, label, kpi, value)
                    count += 1
                    if count == 100_000:
                        return


def _columns() -> tuple[str, ...]:
    from ratings.imports.parsing import COLUMNS

    return COLUMNS


def kpi_workbook(path: Path) -> None:
    """A real 100,000-row KPI workbook, every row valid."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(list(_columns()))
    for row in _kpi_rows():
        sheet.append([*row, None, None])
    book.save(path)


def kpi_csv(path: Path) -> None:
    """The same 100,000 rows as CSV."""
    import csv

    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(_columns())
        for row in _kpi_rows():
            writer.writerow([*row, "", ""])


CASES: dict[str, tuple[str, Callable[[Path], None]]] = {
    "strings-1gib": ("shared strings unpacking to 1 GiB", shared_strings_gib),
    "blank-rows-20m": ("20 million blank rows", blank_rows(20_000_000, 9)),
    "blank-rows-3m": (
        "3 million blank rows, packed loosely (passes the directory checks)",
        blank_rows(3_000_000, 1),
    ),
    "empty-cells-5m": (
        "one row of 5 million empty cells, packed loosely",
        empty_cells(5_000_000),
    ),
    "billion-laughs": ("a billion laughs (entities in a DTD)", billion_laughs),
    "kpi-100k.xlsx": ("a valid 100,000-row KPI workbook", kpi_workbook),
    "kpi-100k.csv": ("a valid 100,000-row KPI CSV file", kpi_csv),
}


# The measuring child ---------------------------------------------------------------------------
def _status_mb(field: str) -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return 0.0


def _reset_peak() -> None:
    Path("/proc/self/clear_refs").write_text("5")


def _prepare() -> None:
    """Migrate and fill the database every measurement starts from."""
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("load_reference_data", verbosity=0)
    from organisations.kinds import OrganisationKind
    from organisations.models import Organisation, Region
    from ratings.definitions.loading import methodology_create_default

    region = Region.objects.order_by("pk").first()
    Organisation.objects.bulk_create(
        Organisation(
            kind=OrganisationKind.EDUCATION_PROVIDER,
            name=f"University {n}",
            ukprn=f"{10_100_000 + n}",
            region=region,
        )
        for n in range(PROVIDERS)
    )
    for year in YEARS:
        methodology_create_default(actor=None, year=year)


def _outcome(plan: Any, run: Any) -> str:
    if run is not None:
        run.refresh_from_db()
        if run.status == "refused":
            errors = run.summary.get("errors") or [[None, None, ""]]
            return f"refused: {errors[0][2][:90]}"
        return str(run.status)
    return f"refused: {plan.errors.items[0].message[:90]}" if plan.errors else "previewed"


def _child(stage: str, path: Path) -> None:
    import django

    django.setup()
    from core.imports import checking
    from ratings.imports import services

    run: Any = None
    if stage == "worker":  # the upload, kept unread: what the request leaves the worker
        stored = path.read_bytes()
        run = checking.queue_check(services.IMPORTER, actor=None, file_name=path.name, data=stored)
        del stored
    before = _status_mb("VmRSS")
    _reset_peak()
    started, cpu = time.perf_counter(), time.process_time()
    plan: Any = None
    if stage == "request":
        data = path.read_bytes()  # the upload's bytes, as the view reads them
        plan, run = services.import_preview(actor=None, file_name=path.name, data=data)
    else:
        checking.check_queued_run.call(
            run_model=services.IMPORTER.label, run_id=run.pk, actor_id=None
        )
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    peak = _status_mb("VmHWM")
    result = {"seconds": seconds, "cpu": cpu, "peak_mb": peak, "base_mb": before}
    print("BOMB-JSON " + json.dumps(result | {"outcome": _outcome(plan, run)}))


# The conductor ----------------------------------------------------------------------------------
def _env(work: Path, database: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="edquality.settings",
        EDQUALITY_VAR_DIR=str(work / "var"),
        DATABASE_URL=f"sqlite:///{database}",
        TASK_BACKEND="django.tasks.backends.dummy.DummyBackend",
        PYTHONPATH=str(ROOT),
    )
    return env


def _run(args: list[str], env: dict[str, str]) -> dict[str, Any]:
    output = subprocess.run(  # noqa: S603 (our own interpreter and module)
        [sys.executable, "-m", "bench.bombs", *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if output.returncode != 0:
        raise SystemExit(output.stdout + output.stderr)
    line = next((line for line in output.stdout.splitlines() if line.startswith("BOMB-JSON ")), "")
    return json.loads(line.removeprefix("BOMB-JSON ")) if line else {}


def _unpacked(path: Path) -> int:
    try:
        with zipfile.ZipFile(path) as archive:
            return sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile:
        return path.stat().st_size


def _measure(work: Path) -> list[str]:
    base = work / "base.sqlite3"
    if not base.exists():
        _run(["--prepare"], _env(work, base))
    lines = [
        "| file | size | unpacks to | web request: time, peak memory | worker | outcome |",
        "|---|---|---|---|---|---|",
    ]
    for name, (label, build) in CASES.items():
        path = work / (name if "." in name else f"{name}.xlsx")
        started = time.perf_counter()
        if not path.exists():  # kept from an earlier run with --keep
            build(path)
        built = time.perf_counter() - started
        cells = []
        outcome = ""
        for stage in ("request", "worker"):
            database = work / f"{stage}.sqlite3"
            shutil.copy(base, database)
            shutil.rmtree(work / "var" / "media", ignore_errors=True)
            result = _run(["--child", stage, str(path)], _env(work, database))
            seconds, cpu, peak = result["seconds"], result["cpu"], result["peak_mb"]
            cells.append(f"{seconds:.2f} s ({cpu:.2f} s CPU), {peak:.0f} MB")
            outcome = result["outcome"]
            if stage == "request" and not outcome.startswith("checking"):
                cells.append("not needed")
                break
        size, unpacked = path.stat().st_size, _unpacked(path)
        lines.append(
            f"| {label} | {size / MB:.2f} MB | {unpacked / MB:,.1f} MB | "
            f"{cells[0]} | {cells[1]} | {outcome} |"
        )
        print(f"{name}: built in {built:.1f} s", file=sys.stderr)
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--keep", type=Path, help="build the files here and keep them")
    parser.add_argument("--prepare", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--child", nargs=2, metavar=("STAGE", "FILE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.prepare:
        import django

        django.setup()
        _prepare()
        return
    if args.child:
        _child(args.child[0], Path(args.child[1]))
        return
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
        print("\n".join(_measure(args.keep)))
        return
    with tempfile.TemporaryDirectory() as work:
        print("\n".join(_measure(Path(work))))


if __name__ == "__main__":
    main()

"""Check every row of a KPI file against the register and work out what importing it would do.

Nothing here writes. Building a plan has two steps: ``check`` streams the file once, types
each row with the pydantic model, resolves codes with dictionaries loaded once and keeps
one small tuple per valid row (the checks of one row are in ``checks``); ``compare`` reads
the stored values of the file's years in one query and sorts each row into created, changed
or unchanged. The fingerprint hashes every decision so a confirmation can tell that nothing
moved since the preview.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, NamedTuple

from core import academic_year
from core.imports.errors import ErrorList, FileRefused
from core.imports.importer import Progress
from organisations.models import Organisation
from programmes.models import Programme
from ratings.compute.reading import fetch_columns
from ratings.imports.checks import Item, Lookups, Triple, check_row, fmt
from ratings.imports.parsing import new_errors, open_file
from ratings.models import Kpi, KpiValue

# The preview lists this many changed rows; the counts cover them all.
SHOWN_CHANGES = 200
# How often (in rows) a progress callback hears how far the check has gone.
PROGRESS_EVERY = 5000


class Existing(NamedTuple):
    """A stored value, as a file's row is compared with it. A named tuple: a large file
    compares 100,000 of them, and a tuple is the cheapest record to make."""

    pk: int
    value: Decimal | None
    numerator: Decimal | None
    denominator: Decimal | None
    source_id: int | None

    @property
    def triple(self) -> Triple:
        return (self.value, self.numerator, self.denominator)


@dataclass
class KpiPlan:
    """What importing one file would do."""

    rows: int = 0
    errors: ErrorList = field(default_factory=new_errors)
    items: list[Item] = field(default_factory=list)
    creates: list[Item] = field(default_factory=list)
    updates: list[tuple[Item, Existing]] = field(default_factory=list)
    unchanged: int = 0
    # (year, KPI code) -> [created, changed, unchanged]
    by_year_kpi: dict[tuple[int, str], list[int]] = field(default_factory=dict)
    changes: list[dict[str, Any]] = field(default_factory=list)
    fingerprint: str = ""
    # Once applied: per year whose ratings were computed, how many programmes it left out
    # of date (their ratings wait for a recompute).
    stale_by_year: dict[int, int] = field(default_factory=dict)

    @property
    def is_valid(self) -> bool:
        return not self.errors and self.rows > 0

    def counts(self) -> dict[str, int]:
        return {
            "rows": self.rows,
            "created": len(self.creates),
            "changed": len(self.updates),
            "unchanged": self.unchanged,
        }

    def summary(self) -> dict[str, Any]:
        """What a KpiImport keeps about its plan: counts, the table by year and the changes."""
        return self.counts() | {
            "by_year_kpi": [
                [academic_year.label(year), code, *numbers]
                for (year, code), numbers in sorted(self.by_year_kpi.items())
            ],
            "changes": self.changes,
            "fingerprint": self.fingerprint,
            "stale_ratings": [
                [year, academic_year.label(year), count]
                for year, count in sorted(self.stale_by_year.items())
            ],
        }


def check(
    data: bytes, *, actor: Any, file_name: str = "", progress: Progress | None = None
) -> KpiPlan:
    """Read and check every row; the plan has every error, or one item per row."""
    plan = KpiPlan()
    try:
        sheet = open_file(data, file_name)
    except FileRefused as refused:
        plan.errors.add(refused.error.row, refused.error.column, refused.error.message)
        return plan
    errors = plan.errors = sheet.errors
    lookups = Lookups.load(actor)
    seen: dict[tuple[str, str, int, str], int] = {}
    for row, cells in sheet.rows:
        plan.rows += 1
        if progress is not None and plan.rows % PROGRESS_EVERY == 0:
            progress(plan.rows)
        item = check_row(errors, row, cells, sheet.columns, lookups, seen)
        if item is not None and not errors:  # once the file has an error, only checking goes on
            plan.items.append(item)
    if progress is not None:
        progress(plan.rows)
    if plan.rows == 0 and not errors:
        errors.add(None, None, "The file has a header but no rows of values.")
    if errors:
        plan.items = []
    return plan


def existing_values(years: set[int]) -> dict[tuple[int, int, int, int], Existing]:
    """The stored values of the given years, in one query (read without the ORM's per-value
    converters: see ``ratings.compute.reading``)."""
    columns = fetch_columns(
        KpiValue.objects.filter(academic_year__in=sorted(years)),
        "education_provider_id",
        "programme_id",
        "academic_year",
        "kpi_id",
        "id",
        "value",
        "numerator",
        "denominator",
        "source_id",
    )
    return {
        (provider, programme, year, kpi): Existing(pk, value, numerator, denominator, source)
        for provider, programme, year, kpi, pk, value, numerator, denominator, source in zip(
            *columns, strict=True
        )
    }


def compare(plan: KpiPlan) -> KpiPlan:
    """Sort the checked rows into created, changed and unchanged against the stored values."""
    plan.creates, plan.updates, plan.unchanged = [], [], 0
    plan.by_year_kpi, plan.changes = {}, []
    if not plan.is_valid:
        plan.fingerprint = ""
        return plan
    stored = existing_values({item.year for item in plan.items})
    kpi_codes = dict(Kpi.objects.values_list("pk", "code"))
    digest = hashlib.sha256()
    for item in plan.items:
        old = stored.get(item.key)
        counts = plan.by_year_kpi.setdefault((item.year, kpi_codes[item.kpi_id]), [0, 0, 0])
        if old is None:
            plan.creates.append(item)
            counts[0] += 1
            decision = f"new|{item.key}|{item.triple}\n"
        elif old.triple == item.triple:
            plan.unchanged += 1
            counts[2] += 1
            decision = f"same|{item.key}|{old.pk}\n"
        else:
            plan.updates.append((item, old))
            counts[1] += 1
            decision = f"change|{item.key}|{old.pk}|{old.triple}|{item.triple}\n"
            if len(plan.changes) < SHOWN_CHANGES:
                plan.changes.append(
                    {
                        "row": item.row,
                        "provider_id": item.provider_id,
                        "programme_id": item.programme_id,
                        "year": academic_year.label(item.year),
                        "kpi": kpi_codes[item.kpi_id],
                        "before": [fmt(number) for number in old.triple],
                        "after": [fmt(number) for number in item.triple],
                    }
                )
        digest.update(decision.encode())
    if plan.changes:
        names = {
            pk: (ukprn or "", name)
            for pk, ukprn, name in Organisation.objects.filter(
                pk__in={change["provider_id"] for change in plan.changes}
            ).values_list("pk", "ukprn", "name")
        }
        programme_codes = dict(Programme.objects.values_list("pk", "code"))
        for change in plan.changes:
            ukprn, name = names.get(change.pop("provider_id"), ("", ""))
            change["ukprn"], change["provider"] = ukprn, name
            change["programme"] = programme_codes.get(change.pop("programme_id"), "")
    plan.fingerprint = digest.hexdigest()
    return plan


def build_plan(
    data: bytes, *, actor: Any, file_name: str = "", progress: Progress | None = None
) -> KpiPlan:
    """Check the file and, if every row is valid, compare it with the stored values."""
    return compare(check(data, actor=actor, file_name=file_name, progress=progress))

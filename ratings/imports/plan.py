"""Check every row of a KPI file against the register and work out what importing it would do.

Nothing here writes. Building a plan has two steps: ``check`` streams the file once, types
each row with the pydantic model, resolves codes with dictionaries loaded once and keeps
one small tuple per valid row; ``compare`` reads the stored values of the file's years in
one query and sorts each row into created, changed or unchanged. The fingerprint hashes
every decision so a confirmation can tell that nothing moved since the preview.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, NamedTuple

from accounts.access import scope_for
from accounts.roles import OrganisationKind
from core import academic_year
from organisations.models import Organisation
from programmes.models import Programme
from ratings.compute.reading import fetch_columns
from ratings.imports.parsing import Errors, FileRefused, open_file
from ratings.imports.rows import VALUE_PLACES, parse_row
from ratings.models import Computation, Kpi, KpiValue, Methodology, Unit

# The preview lists this many changed rows; the counts cover them all.
SHOWN_CHANGES = 200
# How often (in rows) a progress callback hears how far the check has gone.
PROGRESS_EVERY = 5000
# A ratio file's value may differ from numerator / denominator by rounding, no more.
RATIO_TOLERANCE = Decimal("0.01")

Progress = Callable[[int], None]
Triple = tuple[Decimal | None, Decimal | None, Decimal | None]


@dataclass(frozen=True)
class KpiInfo:
    pk: int
    code: str
    unit: str
    computation: str
    may_exceed_100: bool


@dataclass
class Lookups:
    """Everything a row is resolved against, loaded once per file."""

    providers: dict[str, tuple[int, str]]  # UKPRN -> (id, name)
    programmes: dict[str, int]  # code (upper case) -> id
    kpis: dict[str, KpiInfo]  # code (upper case) -> KPI
    years: set[int]  # academic years that have a methodology
    national: bool

    @classmethod
    def load(cls, actor: Any) -> Lookups:
        providers = Organisation.objects.filter(kind=OrganisationKind.EDUCATION_PROVIDER)
        national = actor is None or scope_for(actor).is_national
        if not national:
            providers = providers.visible_to(actor)
        return cls(
            providers={
                str(ukprn): (pk, name)
                for pk, ukprn, name in providers.exclude(ukprn="").values_list(
                    "pk", "ukprn", "name"
                )
            },
            programmes={
                code.upper(): pk for pk, code in Programme.objects.values_list("pk", "code")
            },
            kpis={
                kpi.code.upper(): kpi
                for kpi in (
                    KpiInfo(*values)
                    for values in Kpi.objects.values_list(
                        "pk", "code", "unit", "computation", "may_exceed_100"
                    )
                )
            },
            years=set(Methodology.objects.values_list("academic_year", flat=True)),
            national=national,
        )


@dataclass(frozen=True, slots=True)
class Item:
    """One valid row, resolved to ids."""

    row: int
    provider_id: int
    programme_id: int
    year: int
    kpi_id: int
    value: Decimal
    numerator: Decimal | None
    denominator: Decimal | None

    @property
    def key(self) -> tuple[int, int, int, int]:
        return (self.provider_id, self.programme_id, self.year, self.kpi_id)

    @property
    def triple(self) -> Triple:
        return (self.value, self.numerator, self.denominator)


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
    errors: Errors = field(default_factory=Errors)
    items: list[Item] = field(default_factory=list)
    creates: list[Item] = field(default_factory=list)
    updates: list[tuple[Item, Existing]] = field(default_factory=list)
    unchanged: int = 0
    # (year, KPI code) -> [created, changed, unchanged]
    by_year_kpi: dict[tuple[int, str], list[int]] = field(default_factory=dict)
    changes: list[dict[str, Any]] = field(default_factory=list)
    fingerprint: str = ""

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
        }


def _fmt(number: Decimal | None) -> str:
    if number is None:
        return ""
    text = format(number.normalize(), "f")
    return text


def _check_item(
    errors: Errors,
    row: int,
    kpi: KpiInfo,
    value: Decimal | None,
    numerator: Decimal | None,
    denominator: Decimal | None,
) -> Decimal | None:
    """The value to store, or None after adding an error for every inconsistency."""
    before = errors.total
    if kpi.computation == Computation.RATIO:
        if numerator is None:
            errors.add(row, "numerator", f"{kpi.code} is a ratio KPI: enter its numerator.")
        if denominator is None:
            errors.add(row, "denominator", f"{kpi.code} is a ratio KPI: enter its denominator.")
        elif denominator == 0:
            errors.add(row, "denominator", "the denominator is 0, so there is no rate to store.")
        if numerator is not None and denominator:
            if kpi.unit == Unit.PERCENT and numerator > denominator and not kpi.may_exceed_100:
                errors.add(
                    row,
                    "numerator",
                    f"the numerator ({_fmt(numerator)}) is above the denominator "
                    f"({_fmt(denominator)}), so the percentage would be over 100.",
                )
            computed = numerator / denominator
            if kpi.unit == Unit.PERCENT:
                computed *= 100
            computed = computed.quantize(VALUE_PLACES)
            if value is not None and abs(value - computed) > RATIO_TOLERANCE:
                errors.add(
                    row,
                    "value",
                    f"the value {_fmt(value)} does not match numerator / denominator "
                    f"({_fmt(computed)}). Leave the value blank for a ratio KPI.",
                )
            value = computed
    else:
        if value is None:
            errors.add(row, "value", f"{kpi.code} is a single value: enter it in value.")
        for column, number in (("numerator", numerator), ("denominator", denominator)):
            if number is not None:
                errors.add(
                    row,
                    column,
                    f"{kpi.code} is a single value, not a ratio: leave {column} blank.",
                )
    if value is not None:
        over = value > 100 and not kpi.may_exceed_100
        if kpi.unit == Unit.PERCENT and (value < 0 or over):
            errors.add(row, "value", f"{_fmt(value)} is not a percentage between 0 and 100.")
        elif kpi.unit in (Unit.COUNT, Unit.DAYS) and value < 0:
            errors.add(
                row,
                "value",
                f"{_fmt(value)} is negative; {kpi.code} counts {kpi.unit}, "
                "so it cannot be below 0.",
            )
    return value if errors.total == before else None


def _check_codes(
    errors: Errors,
    row: int,
    cells: list[str],
    columns: dict[str, int],
    wrong: set[str],
    lookups: Lookups,
) -> None:
    """On a row that failed typing, still name the codes that are unknown, so one pass finds all."""

    def cell(name: str) -> str:
        index = columns[name]
        return cells[index].strip() if index < len(cells) else ""

    ukprn = cell("ukprn")
    if "ukprn" not in wrong and ukprn not in lookups.providers:
        where = "" if lookups.national else " in your region"
        errors.add(row, "ukprn", f"{ukprn} is not the UKPRN of an education provider{where}.")
    programme = cell("programme_code").upper()
    if "programme_code" not in wrong and programme not in lookups.programmes:
        errors.add(row, "programme_code", f"{programme!r} is not a programme code.")
    kpi = cell("kpi_code").upper()
    if "kpi_code" not in wrong and kpi not in lookups.kpis:
        errors.add(row, "kpi_code", f"{kpi!r} is not a KPI code.")


def check(
    data: bytes, *, actor: Any, file_name: str = "", progress: Progress | None = None
) -> KpiPlan:
    """Read and check every row; the plan has every error, or one item per row."""
    plan = KpiPlan()
    try:
        sheet = open_file(data, file_name)
    except FileRefused as refused:
        plan.errors.add(None, None, str(refused))
        return plan
    errors = plan.errors = sheet.errors
    lookups = Lookups.load(actor)
    seen: dict[tuple[str, str, int, str], int] = {}
    where = "" if lookups.national else " in your region"
    for row, cells in sheet.rows:
        plan.rows += 1
        if progress is not None and plan.rows % PROGRESS_EVERY == 0:
            progress(plan.rows)
        parsed, problems = parse_row(cells, sheet.columns)
        for column, message in problems:
            errors.add(row, column, message)
        if parsed is None:
            _check_codes(errors, row, cells, sheet.columns, {c for c, _ in problems}, lookups)
            continue
        key = (parsed.ukprn, parsed.programme_code, parsed.academic_year, parsed.kpi_code)
        first = seen.setdefault(key, row)
        if first != row:
            errors.add(
                row,
                None,
                f"rows {first} and {row} are both for {parsed.ukprn}, "
                f"{parsed.programme_code}, {academic_year.label(parsed.academic_year)} and "
                f"{parsed.kpi_code}. Keep one of them.",
            )
            continue
        before = errors.total
        provider = lookups.providers.get(parsed.ukprn)
        if provider is None:
            errors.add(
                row,
                "ukprn",
                f"{parsed.ukprn} is not the UKPRN of an education provider{where}.",
            )
        programme_id = lookups.programmes.get(parsed.programme_code)
        if programme_id is None:
            errors.add(row, "programme_code", f"{parsed.programme_code!r} is not a programme code.")
        if parsed.academic_year not in lookups.years:
            errors.add(
                row,
                "academic_year",
                f"{academic_year.label(parsed.academic_year)} has no methodology yet, so its "
                "values cannot be loaded. A quality administrator sets the methodology first.",
            )
        kpi = lookups.kpis.get(parsed.kpi_code)
        if kpi is None:
            errors.add(row, "kpi_code", f"{parsed.kpi_code!r} is not a KPI code.")
            continue
        value = _check_item(errors, row, kpi, parsed.value, parsed.numerator, parsed.denominator)
        if errors.total != before or value is None or provider is None or programme_id is None:
            continue
        if not errors:  # once the file has an error, only checking goes on
            plan.items.append(
                Item(
                    row,
                    provider[0],
                    programme_id,
                    parsed.academic_year,
                    kpi.pk,
                    value,
                    parsed.numerator,
                    parsed.denominator,
                )
            )
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
                        "before": [_fmt(number) for number in old.triple],
                        "after": [_fmt(number) for number in item.triple],
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

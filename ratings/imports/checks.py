"""Checking one row of a KPI file: its cells typed, its codes resolved against the register
(loaded once per file in ``Lookups``), and its value consistent with its KPI. Nothing here
reads the stored values or writes; ``plan.check`` runs these over every row of a file.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from access.scope import scope_for
from core import academic_year
from core.imports.errors import ErrorList
from organisations.kinds import OrganisationKind
from organisations.models import Organisation
from programmes.models import Programme
from ratings.imports.rows import STORED, KpiRow, parse_row
from ratings.models import Computation, Kpi, Methodology, Unit

# A ratio file's value may differ from numerator / denominator by rounding, no more.
RATIO_TOLERANCE = Decimal("0.01")

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

    @property
    def programme_year(self) -> tuple[int, int, int]:
        """The year, provider and programme whose rating the value counts in."""
        return (self.year, self.provider_id, self.programme_id)


def fmt(number: Decimal | None) -> str:
    if number is None:
        return ""
    text = format(number.normalize(), "f")
    return text


def _ratio_value(
    errors: ErrorList,
    row: int,
    kpi: KpiInfo,
    value: Decimal | None,
    numerator: Decimal | None,
    denominator: Decimal | None,
) -> Decimal | None:
    """A ratio KPI's value worked out from its numerator and denominator (the file's value,
    if any, must match it), after adding an error for each inconsistency."""
    if numerator is None:
        errors.add(row, "numerator", f"{kpi.code} is a ratio KPI: enter its numerator.")
    if denominator is None:
        errors.add(row, "denominator", f"{kpi.code} is a ratio KPI: enter its denominator.")
    elif denominator == 0:
        errors.add(row, "denominator", "the denominator is 0, so there is no rate to store.")
    if numerator is None or not denominator:
        return value
    if kpi.unit == Unit.PERCENT and numerator > denominator and not kpi.may_exceed_100:
        errors.add(
            row,
            "numerator",
            f"the numerator ({fmt(numerator)}) is above the denominator "
            f"({fmt(denominator)}), so the percentage would be over 100.",
        )
    computed = numerator / denominator
    if kpi.unit == Unit.PERCENT:
        computed *= 100
    try:
        computed = STORED["value"].fit(computed)
    except ValueError:
        errors.add(
            row,
            "value",
            f"the value worked out from the numerator and denominator ({fmt(numerator)} "
            f"/ {fmt(denominator)}) is larger than can be stored: the largest is "
            f"{STORED['value'].largest:,}.",
        )
        return None
    if value is not None and abs(value - computed) > RATIO_TOLERANCE:
        errors.add(
            row,
            "value",
            f"the value {fmt(value)} does not match numerator / denominator "
            f"({fmt(computed)}). Leave the value blank for a ratio KPI.",
        )
    return computed


def _check_value(
    errors: ErrorList,
    row: int,
    kpi: KpiInfo,
    value: Decimal | None,
    numerator: Decimal | None,
    denominator: Decimal | None,
) -> Decimal | None:
    """The value to store, or None after adding an error for every inconsistency."""
    before = errors.total
    if kpi.computation == Computation.RATIO:
        value = _ratio_value(errors, row, kpi, value, numerator, denominator)
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
            errors.add(row, "value", f"{fmt(value)} is not a percentage between 0 and 100.")
        elif kpi.unit in (Unit.COUNT, Unit.DAYS) and value < 0:
            errors.add(
                row,
                "value",
                f"{fmt(value)} is negative; {kpi.code} counts {kpi.unit}, so it cannot be below 0.",
            )
    return value if errors.total == before else None


def _check_codes(
    errors: ErrorList,
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


def check_row(
    errors: ErrorList,
    row: int,
    cells: list[str],
    columns: dict[str, int],
    lookups: Lookups,
    seen: dict[tuple[str, str, int, str], int],
) -> Item | None:
    """The row typed and resolved to ids, or None after adding an error for each problem.
    ``seen`` holds the first row of each (provider, programme, year, KPI) so far."""
    parsed, problems = parse_row(cells, columns)
    for column, message in problems:
        errors.add(row, column, message)
    if parsed is None:
        _check_codes(errors, row, cells, columns, {c for c, _ in problems}, lookups)
        return None
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
        return None
    return _resolve(errors, row, parsed, lookups)


def _resolve(errors: ErrorList, row: int, parsed: KpiRow, lookups: Lookups) -> Item | None:
    """A typed row's codes looked up and its value checked against its KPI."""
    before = errors.total
    provider = lookups.providers.get(parsed.ukprn)
    if provider is None:
        where = "" if lookups.national else " in your region"
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
        return None
    value = _check_value(errors, row, kpi, parsed.value, parsed.numerator, parsed.denominator)
    if errors.total != before or value is None or provider is None or programme_id is None:
        return None
    return Item(
        row,
        provider[0],
        programme_id,
        parsed.academic_year,
        kpi.pk,
        value,
        parsed.numerator,
        parsed.denominator,
    )

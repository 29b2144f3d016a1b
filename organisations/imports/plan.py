"""Compare a parsed file with the register: what would be created, updated, left or skipped.

Nothing here writes. Planning has two steps, as the import pipeline runs them: ``check``
reads the file into candidates (each row's values, regions resolved), and ``compare`` sorts
them against the register as it is (inside the confirming transaction). The plan is what the
preview shows and what a confirmation applies; its fingerprint lets a confirmation check
that the register has not moved since.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError

from core import formatting
from core.imports.errors import ErrorList
from organisations.imports.ods import Skip, infer_provider_type, parse_ods
from organisations.imports.providers import parse_providers
from organisations.kinds import OrganisationKind
from organisations.models import ImportRun, Organisation, ProviderType, Region, Status
from organisations.services import ods_region_map

FIELD_LABELS = {
    "name": "Name",
    "region": "Region",
    "status": "Status",
    "opened_on": "Opened",
    "closed_on": "Closed",
    "address": "Address",
    "postcode": "Postcode",
}


@dataclass(frozen=True)
class Change:
    """One field of an existing organisation, as it is and as the file would make it."""

    field: str
    label: str
    before: str
    after: str


@dataclass
class Create:
    row: int
    code: str
    values: dict[str, Any]

    @property
    def name(self) -> str:
        return str(self.values["name"])

    @property
    def region_name(self) -> str:
        return str(self.values.get("region") or "")

    @property
    def status_label(self) -> str:
        return _display("status", self.values.get("status", Status.OPEN))

    @property
    def type_label(self) -> str:
        value = self.values.get("provider_type")
        return str(ProviderType(value).label) if value else ""


@dataclass
class Update:
    row: int
    code: str
    organisation: Organisation
    values: dict[str, Any]
    changes: list[Change]

    @property
    def name(self) -> str:
        return str(self.values.get("name", self.organisation.name))

    @property
    def region_change(self) -> Change | None:
        """The move from one region to another, if the file makes one (giving a region to an
        organisation that had none moves nothing away from anyone)."""
        moves = (c for c in self.changes if c.field == "region" and c.before)
        return next(moves, None)


@dataclass(frozen=True)
class Unchanged:
    row: int
    code: str
    name: str


@dataclass(frozen=True)
class Candidate:
    """A valid row of the file, waiting to be compared with the register."""

    row: int
    code: str
    column: str
    kind: OrganisationKind
    create_values: dict[str, Any]
    update_values: dict[str, Any]


@dataclass
class ImportPlan:
    """What importing one file would do."""

    source: str
    rows: int = 0
    creates: list[Create] = field(default_factory=list)
    updates: list[Update] = field(default_factory=list)
    unchanged: list[Unchanged] = field(default_factory=list)
    skips: list[Skip] = field(default_factory=list)
    errors: ErrorList = field(default_factory=ErrorList)
    # What ``check`` read and ``compare`` sorts, matched on this field of an organisation.
    candidates: list[Candidate] = field(default_factory=list)
    match_field: str = "ods_code"

    @property
    def is_valid(self) -> bool:
        return not self.errors

    @property
    def source_label(self) -> str:
        return str(ImportRun.Source(self.source).label)

    def region_moves(self) -> list[Update]:
        """The existing organisations the file would move to another region."""
        return [update for update in self.updates if update.region_change is not None]

    def skip_groups(self) -> dict[str, list[Skip]]:
        groups: dict[str, list[Skip]] = {}
        for skip in self.skips:
            groups.setdefault(skip.reason, []).append(skip)
        return groups

    def inferred_types(self) -> dict[str, int]:
        """How many new organisations were given each inferred provider type."""
        counts = Counter(
            str(ProviderType(create.values["provider_type"]).label).lower()
            for create in self.creates
            if create.values.get("provider_type")
        )
        return dict(sorted(counts.items(), key=lambda item: (-item[1], item[0])))

    def counts(self) -> dict[str, int]:
        return {
            "rows": self.rows,
            "created": len(self.creates),
            "updated": len(self.updates),
            "unchanged": len(self.unchanged),
            "skipped": len(self.skips),
        }

    def summary(self) -> dict[str, Any]:
        """What an ImportRun keeps about a committed import."""
        return self.counts() | {
            "skipped_by_reason": {
                reason: len(items) for reason, items in self.skip_groups().items()
            },
            "inferred_types": self.inferred_types(),
            "created_codes": [create.code for create in self.creates],
            "updated_fields": {
                update.code: [c.field for c in update.changes] for update in self.updates
            },
            "skips": [[skip.row, skip.code, skip.reason] for skip in self.skips],
        }

    def fingerprint(self) -> str:
        """A hash of every decision in the plan, to tell whether two plans are the same."""
        decisions = {
            "errors": [str(error) for error in self.errors],
            "creates": [
                [c.code, sorted((k, str(v)) for k, v in c.values.items())] for c in self.creates
            ],
            "updates": [
                [u.code, u.organisation.pk, [[c.field, c.before, c.after] for c in u.changes]]
                for u in self.updates
            ],
            "unchanged": [u.code for u in self.unchanged],
            "skips": [[s.row, s.code, s.reason] for s in self.skips],
        }
        encoded = json.dumps(decisions, sort_keys=True, default=str).encode()
        return hashlib.sha256(encoded).hexdigest()


def check(source: str, data: bytes) -> ImportPlan:
    """Read the file: its errors and skips, and a candidate for each valid row."""
    if source == ImportRun.Source.ODS:
        return check_ods(data)
    if source == ImportRun.Source.PROVIDERS:
        return check_providers(data)
    raise ValueError(f"Unknown import source {source!r}")


def _display(name: str, value: Any) -> str:
    if value is None or value == "":
        return ""
    if name == "status":
        return str(Status(value).label)
    if name in {"opened_on", "closed_on"}:
        return formatting.date(value)
    return str(value)


def _a(label: str) -> str:
    label = str(label).lower()
    return f"{'an' if label[:1] in 'aeiou' else 'a'} {label}"


def _same_name(before: str, after: str) -> bool:
    # A name someone has re-cased by hand (not left in capitals) is theirs to keep.
    return before == after or (before != before.upper() and before.casefold() == after.casefold())


def _compare(
    organisation: Organisation, values: dict[str, Any]
) -> tuple[dict[str, Any], list[Change]]:
    changed: dict[str, Any] = {}
    changes: list[Change] = []
    for name, after in values.items():
        before = getattr(organisation, name)
        if name == "name" and _same_name(before, after):
            continue
        if before == after:
            continue
        changed[name] = after
        changes.append(
            Change(name, FIELD_LABELS[name], _display(name, before), _display(name, after))
        )
    return changed, changes


def _validate(plan: ImportPlan, row: int, column: str, values: dict[str, Any]) -> bool:
    """Check a new organisation against the model's own rules before anything is saved."""
    try:
        Organisation(**values).full_clean(validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        for field_name, messages in error.message_dict.items():
            for message in messages:
                plan.errors.add(
                    row, column, f"{FIELD_LABELS.get(field_name, field_name)}: {message}"
                )
        return False
    return True


def _add(plan: ImportPlan, candidate: Candidate, existing: Organisation | None) -> None:
    row, code, column, kind = candidate.row, candidate.code, candidate.column, candidate.kind
    if existing is None:
        if _validate(plan, row, column, candidate.create_values):
            plan.creates.append(Create(row, code, candidate.create_values))
        return
    if existing.kind != kind:
        plan.errors.add(
            row,
            column,
            f"{code} already belongs to {existing.name}, which is "
            f"{_a(existing.get_kind_display())}, not {_a(kind.label)}.",
        )
        return
    changed, changes = _compare(existing, candidate.update_values)
    if changed:
        plan.updates.append(Update(row, code, existing, changed, changes))
    else:
        plan.unchanged.append(Unchanged(row, code, existing.name))


def compare(plan: ImportPlan) -> ImportPlan:
    """Sort a checked plan's candidates into created, updated and unchanged (once per check)."""
    plan.creates, plan.updates, plan.unchanged = [], [], []
    if plan.errors:
        return plan
    existing = Organisation.objects.select_related("region").in_bulk(
        [candidate.code for candidate in plan.candidates], field_name=plan.match_field
    )
    for candidate in plan.candidates:
        _add(plan, candidate, existing.get(candidate.code))
    return plan


def plan_ods(data: bytes) -> ImportPlan:
    return compare(check_ods(data))


def check_ods(data: bytes) -> ImportPlan:
    plan = ImportPlan(source=ImportRun.Source.ODS, match_field="ods_code")
    try:
        region_map = ods_region_map()
    except ValidationError as error:
        plan.errors.add(None, None, " ".join(error.messages))
        return plan
    parsed = parse_ods(data, region_letters=region_map.keys(), max_bytes=settings.IMPORT_MAX_BYTES)
    plan.rows, plan.skips, plan.errors = parsed.rows, parsed.skips, parsed.errors
    if plan.errors:
        return plan
    for record in parsed.records:
        values = {
            "name": record.name,
            "region": region_map[record.region_letter],
            "status": Status.CLOSED if record.closed_on else Status.OPEN,
            "opened_on": record.opened_on,
            "closed_on": record.closed_on,
            "address": record.address,
            "postcode": record.postcode,
        }
        plan.candidates.append(
            Candidate(
                row=record.row,
                code=record.ods_code,
                column="1 (organisation code)",
                kind=OrganisationKind.PLACEMENT_PROVIDER,
                create_values={
                    "kind": OrganisationKind.PLACEMENT_PROVIDER,
                    "ods_code": record.ods_code,
                    "provider_type": infer_provider_type(record.name),
                    **values,
                },
                # The provider type is never in the extract; an administrator may have
                # corrected it.
                update_values=values,
            )
        )
    return plan


def region_aliases() -> dict[str, Region]:
    """Each region by its lower-case name and code."""
    aliases: dict[str, Region] = {}
    for region in Region.objects.all():
        aliases[region.name.lower()] = region
        aliases[region.code.lower()] = region
    return aliases


def plan_providers(data: bytes) -> ImportPlan:
    return compare(check_providers(data))


def check_providers(data: bytes) -> ImportPlan:
    plan = ImportPlan(source=ImportRun.Source.PROVIDERS, match_field="ukprn")
    aliases = region_aliases()
    if not aliases:
        plan.errors.add(None, None, "Load the reference data first: manage.py load_reference_data")
        return plan
    by_code = {region.code: region for region in aliases.values()}
    parsed = parse_providers(
        data,
        regions={alias: region.code for alias, region in aliases.items()},
        max_bytes=settings.IMPORT_MAX_BYTES,
    )
    plan.rows, plan.errors = parsed.rows, parsed.errors
    if plan.errors:
        return plan
    for record in parsed.records:
        values = {"name": record.name, "region": by_code[record.region_code]}
        plan.candidates.append(
            Candidate(
                row=record.row,
                code=record.ukprn,
                column=parsed.ukprn_column,
                kind=OrganisationKind.EDUCATION_PROVIDER,
                create_values={
                    "kind": OrganisationKind.EDUCATION_PROVIDER,
                    "ukprn": record.ukprn,
                    **values,
                },
                update_values=values,
            )
        )
    return plan

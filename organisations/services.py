"""Every change to the organisation register: typed, transactional, audited."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction

from core.audit import acting_as
from core.reference import LoadSummary, upsert
from organisations.kinds import OrganisationKind
from organisations.models import LocalOffice, Organisation, Region, Site
from organisations.permissions import check_may_change_register

if TYPE_CHECKING:
    from accounts.models import User

REGIONS_FILE = Path(__file__).parent / "data" / "regions.json"

# Fields an organisation may be created or updated with.
ORGANISATION_FIELDS = frozenset(
    {
        "kind",
        "name",
        "ods_code",
        "ukprn",
        "internal_code",
        "provider_type",
        "region",
        "local_office",
        "status",
        "opened_on",
        "closed_on",
        "address",
        "postcode",
    }
)


def _check_fields(values: dict[str, Any]) -> None:
    unknown = set(values) - ORGANISATION_FIELDS
    if unknown:
        raise TypeError(f"Unknown organisation fields: {', '.join(sorted(unknown))}")


def organisation_create(*, actor: User | None, **values: Any) -> Organisation:
    """Add an organisation after checking every field."""
    check_may_change_register(actor)
    _check_fields(values)
    organisation = Organisation(**values)
    organisation.full_clean()
    with transaction.atomic(), acting_as(actor):
        organisation.save()
    return organisation


def organisation_update(
    *, actor: User | None, organisation: Organisation, **changes: Any
) -> list[str]:
    """Change the given fields; returns the names of the fields that really changed."""
    check_may_change_register(actor)
    _check_fields(changes)
    changed = [name for name, value in changes.items() if getattr(organisation, name) != value]
    if not changed:
        return []
    for name in changed:
        setattr(organisation, name, changes[name])
    organisation.full_clean()
    with transaction.atomic(), acting_as(actor):
        organisation.save(update_fields=[*changed, "updated_at"])
    return changed


def site_create(
    *,
    actor: User | None,
    organisation: Organisation,
    name: str,
    ods_code: str = "",
    postcode: str = "",
) -> Site:
    check_may_change_register(actor)
    site = Site(organisation=organisation, name=name.strip(), ods_code=ods_code, postcode=postcode)
    site.full_clean()
    with transaction.atomic(), acting_as(actor):
        site.save()
    return site


def regions_load(*, actor: User | None, path: Path = REGIONS_FILE) -> LoadSummary:
    """Load regions, local offices, the national body and one regional team per region.

    Idempotent: a second run changes nothing. Records are matched on their stable codes.
    """
    data = json.loads(path.read_text(encoding="utf-8"))
    summary = LoadSummary()
    with transaction.atomic(), acting_as(actor, source=path.name):
        national = data["national_body"]
        upsert(
            Organisation,
            {"internal_code": national["code"]},
            {"name": national["name"], "kind": OrganisationKind.NATIONAL_BODY},
            summary,
        )
        for item in data["regions"]:
            region = upsert(
                Region,
                {"code": item["code"]},
                {"name": item["name"], "in_lase": item["in_lase"]},
                summary,
            )
            for office in item["local_offices"]:
                upsert(
                    LocalOffice,
                    {"code": office["code"]},
                    {"name": office["name"], "region": region},
                    summary,
                )
            upsert(
                Organisation,
                {"internal_code": f"RT-{item['code']}"},
                {
                    "name": f"{national['name']}, {item['name']}",
                    "kind": OrganisationKind.REGIONAL_TEAM,
                    "region": region,
                },
                summary,
            )
    return summary


def ods_region_map() -> dict[str, Region]:
    """Government office region letters used in ODS extracts, mapped to today's regions."""
    data = json.loads(REGIONS_FILE.read_text(encoding="utf-8"))
    regions = {region.code: region for region in Region.objects.all()}
    mapping: dict[str, Region] = {}
    for item in data["regions"]:
        if item["code"] not in regions:
            raise ValidationError("Load the reference data first: manage.py load_reference_data")
        for letter in item["ods_regions"]:
            mapping[letter] = regions[item["code"]]
    return mapping

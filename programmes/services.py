"""Every change to professions, programmes and commissions: typed, transactional, audited."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction

from core.audit import acting_as
from core.reference import LoadSummary, upsert
from organisations.kinds import OrganisationKind
from organisations.models import Organisation
from programmes.models import Commission, Profession, Programme

if TYPE_CHECKING:
    from accounts.models import User

PROGRAMMES_FILE = Path(__file__).parent / "data" / "programmes.json"


def programmes_load(*, actor: User | None, path: Path = PROGRAMMES_FILE) -> LoadSummary:
    """Load professions and programmes from the versioned data file (idempotent)."""
    data = json.loads(path.read_text(encoding="utf-8"))
    summary = LoadSummary()
    with transaction.atomic(), acting_as(actor, source=path.name):
        for item in data["professions"]:
            profession = upsert(
                Profession,
                {"code": item["code"]},
                {"name": item["name"], "group": item["group"]},
                summary,
            )
            for programme in item["programmes"]:
                upsert(
                    Programme,
                    {"code": programme["code"]},
                    {"name": programme["name"], "profession": profession},
                    summary,
                )
    return summary


def commission_set(
    *,
    actor: User | None,
    education_provider: Organisation,
    programme: Programme,
    academic_year: int,
    places: int,
) -> Commission:
    """Record the places commissioned; a second call for the same year replaces the number."""
    if education_provider.kind != OrganisationKind.EDUCATION_PROVIDER:
        raise ValidationError(
            {"education_provider": f"{education_provider.name} is not an education provider"}
        )
    if places < 0:
        raise ValidationError({"places": "Places must be 0 or more"})
    with transaction.atomic(), acting_as(actor):
        commission = Commission.objects.filter(
            education_provider=education_provider, programme=programme, academic_year=academic_year
        ).first()
        if commission is None:
            commission = Commission(
                education_provider=education_provider,
                programme=programme,
                academic_year=academic_year,
                places=places,
            )
            commission.full_clean()
            commission.save()
        elif commission.places != places:
            commission.places = places
            commission.save(update_fields=["places"])
    return commission

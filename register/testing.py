"""Items for tests: opened through the register's services in the persona world."""

from __future__ import annotations

import datetime as dt
from typing import Any

from core import clock
from organisations.kinds import OrganisationKind
from register.models import ItemKind, QualityItem
from register.services import ItemDraft, item_move, item_open
from register.working_days import add_working_days


def open_item(
    world: Any,
    *,
    region: str = "london",
    provider: str = "pp",
    kind: str = ItemKind.CONCERN,
    due_on: dt.date | None = None,
    actor: str = "admin",
    **fields: Any,
) -> QualityItem:
    """An open item about one of the world's providers (``london``/``midlands``, ``pp``/``ep``),
    due ten working days from today unless ``due_on`` says otherwise."""
    organisation = getattr(world, f"{region}_{provider}")
    draft = ItemDraft(
        organisation=organisation,
        kind=kind,
        action=fields.pop("action", "Give every learner a named practice supervisor"),
        due_on=due_on or add_working_days(clock.today(), 10),
        evidence_expected=fields.pop("evidence_expected", "The supervision rota for March"),
        **fields,
    )
    return item_open(actor=world.user(actor), draft=draft)


def with_evidence(world: Any, item: QualityItem, text: str = "The rota is attached") -> QualityItem:
    """The item with its owner's evidence submitted by the owner's persona."""
    owner = item.owner_organisation
    persona = "ep_lead" if owner.kind == OrganisationKind.EDUCATION_PROVIDER else "pp_contributor"
    item_move(actor=world.user(persona), item=item, step="submit", text=text)
    item.refresh_from_db()
    return item

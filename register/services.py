"""Writes to the quality register: opening an item and moving it along its workflow.

Every service checks its actor first (``core.people.check_actor``), changes the item in
one transaction and records the change under ``acting_as``; the steps run on
``ITEM_WORKFLOW``, which records who, when, from, to and why.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction

from core import clock
from core.actions import OWNER_LIMIT
from core.audit import acting_as
from core.people import check_actor
from core.text import check_text
from organisations.kinds import OrganisationKind
from register.models import ItemKind, ItemStatus, QualityItem
from register.permissions import answers_for, can_open, reviews
from register.sources import SourceRef
from register.workflow import ITEM_WORKFLOW, REVIEW_STEPS, SUBMIT
from register.working_days import add_working_days

if TYPE_CHECKING:
    from accounts.models import User
    from organisations.models import Organisation, Site
    from programmes.models import Profession, Programme

# How long each kind of item gives its owner by default, in working days in England.
WORKING_DAYS_TO_ANSWER = {
    ItemKind.IMMEDIATE_REQUIREMENT: 5,
    ItemKind.CONCERN: 20,
    ItemKind.SELF_REPORTED_RISK: 20,
    ItemKind.MANDATORY_REQUIREMENT: 40,
    ItemKind.IMPROVEMENT_ACTION: 40,
    ItemKind.QCPM_FOLLOW_UP: 40,
    ItemKind.RECOMMENDATION: 60,
}


def due_for(kind: str, start: dt.date | None = None) -> dt.date:
    """The default due date of a new item of this kind opened on ``start`` (today)."""
    return add_working_days(start or clock.today(), WORKING_DAYS_TO_ANSWER[ItemKind(kind)])


PROVIDER_KINDS = frozenset(
    {OrganisationKind.EDUCATION_PROVIDER, OrganisationKind.PLACEMENT_PROVIDER}
)


@dataclass(frozen=True)
class ItemDraft:
    """What a new item says: about whom, what kind, what must be done and by when."""

    organisation: Organisation
    kind: str
    action: str
    due_on: dt.date | None
    evidence_expected: str = ""
    standard: str = ""
    owner_organisation: Organisation | None = None
    owner_person: User | None = None
    owner_name: str = ""
    site: Site | None = None
    programme: Programme | None = None
    profession: Profession | None = None
    source: SourceRef | None = None


def _checked(draft: ItemDraft) -> dict[str, object]:
    """The item's fields from the draft, or every problem at once, each on its field."""
    errors: dict[str, str] = {}
    action, problem = check_text(draft.action, what="what must be done")
    if problem:
        errors["action"] = problem
    expected, problem = check_text(
        draft.evidence_expected, what="the evidence expected", required=False
    )
    if problem:
        errors["evidence_expected"] = problem
    owner_name, problem = check_text(
        draft.owner_name, what="who owns the item", limit=OWNER_LIMIT, required=False
    )
    if problem:
        errors["owner_name"] = problem
    standard, problem = check_text(
        draft.standard, what="the standard's reference", limit=40, required=False
    )
    if problem:
        errors["standard"] = problem
    if draft.kind not in ItemKind.values:
        errors["kind"] = "Choose the kind of item"
    if draft.organisation.kind not in PROVIDER_KINDS:
        errors["organisation"] = "Items are about an education provider or a placement provider"
    if draft.site is not None and draft.site.organisation_id != draft.organisation.pk:
        errors["site"] = f"The site must be one of {draft.organisation.name}'s"
    if draft.due_on is None:
        errors["due_on"] = "Enter the date the item is due"
    elif draft.source is None and draft.due_on < clock.today():
        # A process hands over an action it already checked, even one due before today.
        errors["due_on"] = "The date the item is due must be today or later"
    if errors:
        raise ValidationError(errors)
    programme = draft.programme
    return {
        "action": action,
        "evidence_expected": expected,
        "owner_name": owner_name,
        "standard": standard,
        "due_on": draft.due_on,
        "profession": draft.profession or (programme.profession if programme else None),
    }


def item_open(*, actor: User | None, draft: ItemDraft) -> QualityItem:
    """Put an item in the register. An item from a source that already has one is not
    opened twice: the existing item is returned as it is."""
    check_actor(
        actor,
        lambda user: can_open(user, draft.organisation, draft.kind),
        f"You cannot put this kind of item in the register for {draft.organisation.name}",
    )
    fields = _checked(draft)
    source = draft.source
    with transaction.atomic():
        if source is not None:
            existing = QualityItem.objects.filter(
                source_kind=source.code, source_id=source.id
            ).first()
            if existing is not None:
                return existing
        with acting_as(actor, register="open"):
            return QualityItem.objects.create(
                organisation=draft.organisation,
                kind=draft.kind,
                owner_organisation=draft.owner_organisation or draft.organisation,
                owner_person=draft.owner_person,
                site=draft.site,
                programme=draft.programme,
                source_kind=source.code if source else "",
                source_id=source.id if source else None,
                source_label=source.label[:200] if source else "",
                opened_by=actor if actor is not None and actor.is_authenticated else None,
                **fields,
            )


def item_move(*, actor: User | None, item: QualityItem, step: str, text: str = "") -> QualityItem:
    """Move an item on: the owner submits evidence (``text``); the region's quality lead
    accepts it, returns it, escalates or de-escalates the item (``text`` is the reason)."""
    transition = ITEM_WORKFLOW.get(step)
    if step == SUBMIT:
        check_actor(
            actor,
            lambda user: answers_for(user, item),
            f"Only the staff of {item.owner_organisation.name} submit evidence for this item",
        )
        evidence, problem = check_text(text, what="the evidence")
        if problem:
            raise ValidationError({"text": problem})
        reason = ""
    else:
        check_actor(
            actor,
            lambda user: step in REVIEW_STEPS and reviews(user, item),
            "Only quality administrators and the region's quality leads "
            f"{transition.label[0].lower()}{transition.label[1:]}",
        )
        reason, problem = check_text(
            text, what=transition.reason_is, required=transition.reason_required
        )
        if problem:
            raise ValidationError({"text": problem})
    with ITEM_WORKFLOW.move(item, step, actor=actor, reason=reason) as move:
        locked = move.obj
        if step == SUBMIT:
            locked.evidence = evidence
            move.save("evidence")
            move.context["evidence"] = evidence
        if step == "return":
            locked.return_reason = move.reason
            move.save("return_reason")
        if transition.target == ItemStatus.ACCEPTED:
            locked.closed_at = clock.now()
            move.save("closed_at")
        move.save("updated_at")
    return item

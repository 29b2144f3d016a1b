"""Opening items and moving them along: owner's evidence, the lead's acceptance or return,
escalation; every step recorded with who, when and why; bad input saves nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError

from access.testing import World
from register.history import item_history
from register.models import ItemKind, ItemStatus, QualityItem
from register.services import ItemDraft, due_for, item_move, item_open
from register.sources import SourceRef
from register.testing import open_item, with_evidence

pytestmark = [pytest.mark.django_db, pytest.mark.day("2026-11-30")]

D = dt.date


def test_a_regional_lead_opens_a_concern_owned_by_the_provider_and_the_trail_names_her(
    world: World,
) -> None:
    item = open_item(world, actor="regional_lead", due_on=D(2026, 12, 7), standard="2.1")
    assert item.status == ItemStatus.OPEN
    assert item.owner_organisation == world.london_pp
    assert item.opened_by == world.user("regional_lead")
    entry = LogEntry.objects.get_for_object(item).get()
    assert entry.actor == world.user("regional_lead")
    assert [row["what"] for row in item_history(item)] == ["Opened"]


def test_a_programme_gives_the_item_its_profession(world: World) -> None:
    item = open_item(world, provider="ep", programme=world.nursing)
    assert item.profession == world.nursing.profession


def test_bad_input_names_every_field_and_saves_nothing(world: World) -> None:
    draft = ItemDraft(
        organisation=world.london_team,
        kind="rumour",
        action="  ",
        due_on=D(2026, 11, 27),
        site=world.london_site,
        owner_name="x" * 201,
    )
    with pytest.raises(ValidationError) as refused:
        item_open(actor=world.user("admin"), draft=draft)
    assert set(refused.value.message_dict) == {
        "kind",
        "action",
        "due_on",
        "site",
        "organisation",
        "owner_name",
    }
    assert refused.value.message_dict["due_on"] == [
        "The date the item is due must be today or later"
    ]
    assert not QualityItem.objects.exists()


def test_a_source_opens_one_item_however_often_it_is_handed_over(world: World) -> None:
    source = SourceRef("test.note", 7, "Note 7")
    first = open_item(world, source=source, due_on=D(2026, 11, 2))
    again = open_item(world, source=source, action="Something else")
    assert again.pk == first.pk
    assert QualityItem.objects.count() == 1
    # A process hands over what it already checked, even when it is already due.
    assert first.due_on == D(2026, 11, 2)


def test_evidence_returned_with_a_reason_then_accepted_closes_the_item_with_its_history(
    world: World,
) -> None:
    item = with_evidence(world, open_item(world), "The rota for March")
    assert item.status == ItemStatus.EVIDENCE_SUBMITTED
    assert item.evidence == "The rota for March"
    lead = world.user("regional_lead")
    item_move(actor=lead, item=item, step="return", text="The rota has gaps on nights")
    item.refresh_from_db()
    assert (item.status, item.return_reason) == (ItemStatus.RETURNED, "The rota has gaps on nights")
    with_evidence(world, item, "A full rota, nights included")
    item_move(actor=lead, item=item, step="accept")
    item.refresh_from_db()
    assert item.status == ItemStatus.ACCEPTED
    assert item.closed_at is not None
    rows = item_history(item)
    assert [(row["who"], row["what"], row["text"]) for row in rows] == [
        ("Admin", "Opened", ""),
        (
            "Pp Contributor",
            "Submit evidence: from open to evidence submitted",
            "The rota for March",
        ),
        (
            "Regional Lead",
            "Return the evidence: from evidence submitted to returned",
            "The rota has gaps on nights",
        ),
        (
            "Pp Contributor",
            "Submit evidence: from returned to evidence submitted",
            "A full rota, nights included",
        ),
        ("Regional Lead", "Accept the evidence: from evidence submitted to accepted (closed)", ""),
    ]


def test_returning_evidence_needs_a_reason_and_changes_nothing_without_one(world: World) -> None:
    item = with_evidence(world, open_item(world))
    with pytest.raises(ValidationError) as refused:
        item_move(actor=world.user("regional_lead"), item=item, step="return", text=" ")
    assert refused.value.message_dict == {"text": ["Enter why the evidence is returned"]}
    item.refresh_from_db()
    assert item.status == ItemStatus.EVIDENCE_SUBMITTED


def test_evidence_is_needed_to_submit(world: World) -> None:
    item = open_item(world)
    with pytest.raises(ValidationError) as refused:
        item_move(actor=world.user("pp_contributor"), item=item, step="submit", text="")
    assert refused.value.message_dict == {"text": ["Enter the evidence"]}


def test_a_step_the_state_does_not_allow_is_refused_naming_the_state(world: World) -> None:
    item = open_item(world)
    with pytest.raises(ValidationError) as refused:
        item_move(actor=world.user("regional_lead"), item=item, step="accept")
    assert refused.value.message_dict == {
        "transition": [f"Item {item.pk} is open: only submitted evidence can be accepted"]
    }


def test_an_escalated_item_is_de_escalated_with_a_reason_back_to_open(world: World) -> None:
    item = open_item(world, kind=ItemKind.IMMEDIATE_REQUIREMENT)
    lead = world.user("regional_lead")
    item_move(actor=lead, item=item, step="escalate", text="No answer after two reminders")
    item.refresh_from_db()
    assert item.status == ItemStatus.ESCALATED
    item_move(actor=lead, item=item, step="de_escalate", text="The trust's new plan is credible")
    item.refresh_from_db()
    assert item.status == ItemStatus.OPEN
    assert [row["text"] for row in item_history(item)][1:] == [
        "No answer after two reminders",
        "The trust's new plan is credible",
    ]


def test_an_unknown_step_is_refused(world: World) -> None:
    with pytest.raises(ValidationError):
        item_move(actor=world.user("admin"), item=open_item(world), step="shred")


def test_an_immediate_requirement_opened_before_easter_is_due_five_working_days_later() -> None:
    assert due_for(ItemKind.IMMEDIATE_REQUIREMENT, D(2026, 4, 1)) == D(2026, 4, 10)
    assert due_for(ItemKind.CONCERN, D(2026, 12, 1)) == D(2026, 12, 31)

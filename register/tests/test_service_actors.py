"""Each register service checks its actor itself: someone who may not is refused and
nothing changes, whoever calls it (a page, a command, a process)."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from access.testing import World
from register.models import ItemKind, ItemStatus, QualityItem
from register.services import item_move
from register.testing import open_item, with_evidence

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("persona", "provider", "kind"),
    [
        ("ep_lead", "ep", ItemKind.CONCERN),
        ("pp_contributor", "ep", ItemKind.IMPROVEMENT_ACTION),
        ("pp_executive", "pp", ItemKind.MANDATORY_REQUIREMENT),
        ("panel_member", "pp", ItemKind.SELF_REPORTED_RISK),
        ("no_role", "pp", ItemKind.IMPROVEMENT_ACTION),
        ("regional_lead", "pp", ItemKind.QCPM_FOLLOW_UP),
    ],
)
def test_who_may_not_open_an_item_is_refused(
    world: World, persona: str, provider: str, kind: str
) -> None:
    with pytest.raises(PermissionDenied, match="You cannot put this kind of item"):
        open_item(world, actor=persona, provider=provider, kind=kind)
    assert not QualityItem.objects.exists()


def test_regional_staff_cannot_open_items_about_another_region(world: World) -> None:
    with pytest.raises(PermissionDenied):
        open_item(world, actor="regional_lead", region="midlands")


@pytest.mark.parametrize(
    ("persona", "provider", "kind"),
    [
        ("ep_lead", "ep", ItemKind.IMPROVEMENT_ACTION),
        ("pp_executive", "pp", ItemKind.SELF_REPORTED_RISK),
        ("contract_manager", "pp", ItemKind.RECOMMENDATION),
        ("contract_manager", "midlands_ep", ItemKind.QCPM_FOLLOW_UP),
    ],
)
def test_providers_open_their_own_actions_and_contract_managers_any_qcpm_follow_up(
    world: World, persona: str, provider: str, kind: str
) -> None:
    region, _, provider = provider.rpartition("_")
    item = open_item(world, actor=persona, region=region or "london", provider=provider, kind=kind)
    assert item.pk is not None


@pytest.mark.parametrize("persona", ["regional_lead", "admin", "ep_lead", "pp_executive"])
def test_only_the_owners_staff_submit_evidence(world: World, persona: str) -> None:
    item = open_item(world, provider="pp")
    allowed = persona == "pp_executive"
    if allowed:
        item_move(actor=world.user(persona), item=item, step="submit", text="Done")
        return
    with pytest.raises(PermissionDenied, match="Only the staff of Thameside Hospitals"):
        item_move(actor=world.user(persona), item=item, step="submit", text="Done")
    item.refresh_from_db()
    assert item.status == ItemStatus.OPEN


@pytest.mark.parametrize("step", ["accept", "return", "escalate"])
@pytest.mark.parametrize("persona", ["contract_manager", "pp_contributor", "ep_lead", "no_role"])
def test_only_quality_leads_and_administrators_review(
    world: World, step: str, persona: str
) -> None:
    item = with_evidence(world, open_item(world))
    with pytest.raises(PermissionDenied, match="Only quality administrators and the region's"):
        item_move(actor=world.user(persona), item=item, step=step, text="Because")
    item.refresh_from_db()
    assert item.status == ItemStatus.EVIDENCE_SUBMITTED


def test_a_quality_lead_of_another_region_cannot_review(world: World) -> None:
    item = with_evidence(world, open_item(world))
    lead = world.user("regional_lead")
    lead.memberships.update(organisation=world.midlands_team)
    from access.scope import forget_scope

    forget_scope(lead)
    with pytest.raises(PermissionDenied):
        item_move(actor=lead, item=item, step="accept")

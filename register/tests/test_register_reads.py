"""Who sees which items, and the list's filters: overdue counts working days."""

from __future__ import annotations

import datetime as dt

import pytest

from access.scope import scope_for
from access.testing import World
from register.models import ItemKind, ItemStatus, QualityItem
from register.selectors import ItemFilters, item_counts, item_list
from register.sources import SourceRef
from register.testing import open_item, with_evidence

pytestmark = pytest.mark.django_db

D = dt.date


@pytest.fixture
def items(world: World) -> dict[str, QualityItem]:
    return {
        f"{region}_{provider}": open_item(world, region=region, provider=provider)
        for region in ("london", "midlands")
        for provider in ("ep", "pp")
    }


@pytest.mark.parametrize(
    ("persona", "seen"),
    [
        ("admin", {"london_ep", "london_pp", "midlands_ep", "midlands_pp"}),
        ("regional_lead", {"london_ep", "london_pp"}),
        ("contract_manager", {"london_ep", "london_pp"}),
        ("ep_lead", {"london_ep"}),
        ("pp_contributor", {"london_pp"}),
        ("pp_executive", {"london_pp"}),
        ("panel_member", set()),
        ("no_role", set()),
    ],
)
def test_each_persona_sees_the_items_of_its_scope(
    world: World, items: dict[str, QualityItem], persona: str, seen: set[str]
) -> None:
    user = world.user(persona)
    visible = set(QualityItem.objects.visible_to(user))
    assert visible == {items[name] for name in seen}
    assert set(QualityItem.objects.visible_to(scope_for(user))) == visible


def test_a_provider_sees_items_it_owns_about_another_organisation(world: World) -> None:
    item = open_item(world, provider="ep", owner_organisation=world.london_pp)
    assert list(QualityItem.objects.visible_to(world.user("pp_contributor"))) == [item]


@pytest.mark.day("2026-04-01")
def test_an_item_due_before_easter_is_overdue_only_after_easter_monday(world: World) -> None:
    item = open_item(world, due_on=D(2026, 4, 2))  # Maundy Thursday
    admin = world.user("admin")
    overdue = ItemFilters(overdue=True)
    assert not item_list(admin, overdue, today=D(2026, 4, 6)).exists()
    assert list(item_list(admin, overdue, today=D(2026, 4, 7))) == [item]
    with_evidence(world, item)
    # Evidence submitted waits for the quality team, not for the owner.
    assert not item_list(admin, overdue, today=D(2026, 4, 7)).exists()


@pytest.mark.day("2026-11-30")
def test_filters_narrow_the_list_and_the_counts_follow_them(world: World) -> None:
    open_item(world, kind=ItemKind.CONCERN, standard="1.1", due_on=D(2026, 12, 1))
    open_item(world, provider="ep", kind=ItemKind.RECOMMENDATION, programme=world.nursing)
    sourced = open_item(world, source=SourceRef("test.note", 1, "Note"), due_on=D(2026, 11, 2))
    admin = world.user("admin")
    today = D(2026, 11, 30)
    assert [i.standard for i in item_list(admin, ItemFilters(standard="1.1"), today=today)] == [
        "1.1"
    ]
    assert item_list(admin, ItemFilters(programme="NURS-ADULT"), today=today).get().kind == (
        ItemKind.RECOMMENDATION
    )
    assert list(item_list(admin, ItemFilters(source="test.note"), today=today)) == [sourced]
    assert item_list(admin, ItemFilters(kind=ItemKind.CONCERN), today=today).count() == 2
    assert not item_list(admin, ItemFilters(region="MID"), today=today).exists()
    counts = item_counts(item_list(admin, ItemFilters(), today=today), today=today)
    assert counts["total"] == 3
    assert counts["overdue"] == 1
    assert dict(counts["by_status"])[ItemStatus.OPEN] == 3
    assert dict(counts["by_kind"]) == {ItemKind.CONCERN: 2, ItemKind.RECOMMENDATION: 1}
    one = item_list(admin, ItemFilters(organisation_id=world.london_ep.pk), today=today)
    assert item_counts(one, today=today)["total"] == 1

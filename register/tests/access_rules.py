"""Access rules of the quality register's pages: one London item about the placement
provider (and its Midlands twin for the "another region" checks)."""

from __future__ import annotations

from typing import Any

from access.testing import World
from core.testing.access import Rule
from register.models import QualityItem
from register.testing import open_item

# Everyone with a part in the register; panel members and people without a role have none.
READERS = frozenset(
    {"admin", "regional_lead", "contract_manager", "ep_lead", "pp_contributor", "pp_executive"}
)
# Who sees the placement provider's items: everyone above but the education provider's lead.
PP_READERS = READERS - {"ep_lead"}
PP_STAFF = frozenset({"pp_contributor", "pp_executive"})


def item_of(world: World, region: str = "london") -> QualityItem:
    organisation = getattr(world, f"{region}_pp")
    found = QualityItem.objects.filter(organisation=organisation).first()
    return found or open_item(world, region=region)


def _item(region: str = "london", **extra: Any) -> Any:
    return lambda world: {"pk": item_of(world, region).pk, **extra}


def _provider(region: str) -> Any:
    return lambda world: {"pk": getattr(world, f"{region}_pp").pk}


RULES = {
    # The Midlands contract manager reads the list (their region's items); London's items
    # and provider pages below are not found for them.
    "register:list": Rule(allowed=READERS | {"midlands_contract_manager"}),
    "register:provider": Rule(
        allowed=PP_READERS, kwargs=_provider("london"), foreign=_provider("midlands")
    ),
    "register:item": Rule(allowed=PP_READERS, kwargs=_item(), foreign=_item("midlands")),
    "register:item_step": Rule(
        allowed=PP_STAFF,
        kwargs=_item(step="submit"),
        foreign=_item("midlands", step="submit"),
    ),
}

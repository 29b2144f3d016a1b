from typing import Any

from access.testing import EVERYONE, World
from core.testing.access import Rule
from core.testing.personas import CONTRACT_MANAGERS
from ratings.models import RatingRound, RoundStatus
from ratings.testing import (
    LONDON_VALUES,
    YEAR,
    add_values,
    build_qcpm,
    methodology_for,
    rating_from_values,
    round_of,
)

VIEWERS = frozenset({"admin", "regional_lead", "contract_manager", "ep_lead"})
# Pages of every region's ratings, each narrowed to what the viewer may see.
ALL_VIEWERS = VIEWERS | CONTRACT_MANAGERS
MIDLANDS = frozenset({"midlands_contract_manager"})
PUBLISHED_YEAR = YEAR - 1


def with_ratings(world: World) -> None:
    """The QCPM fixture's draft ratings, built once per test."""
    if not RatingRound.objects.filter(academic_year=YEAR).exists():
        build_qcpm(world)


def with_published(world: World) -> None:
    """A published round a year earlier with London's rating in it."""
    with_ratings(world)
    if RatingRound.objects.filter(academic_year=PUBLISHED_YEAR).exists():
        return
    methodology = methodology_for(world, PUBLISHED_YEAR)
    round_ = round_of(world.london_ep, methodology, status=RoundStatus.PUBLISHED)
    add_values(world.london_ep, world.nursing, PUBLISHED_YEAR, LONDON_VALUES)
    rating_from_values(round_, world.london_ep, world.nursing)


def _matrix(world: World) -> dict[str, Any]:
    with_ratings(world)
    return {}


def _provider(world: World) -> dict[str, Any]:
    with_ratings(world)
    return {"pk": world.london_ep.pk}


def _foreign_provider(world: World) -> dict[str, Any]:
    with_ratings(world)
    return {"pk": world.midlands_ep.pk}


def _programme(world: World) -> dict[str, Any]:
    with_ratings(world)
    return {"pk": world.nursing.pk}


def _public(world: World) -> dict[str, Any]:
    with_published(world)
    return {}


def _public_provider(world: World) -> dict[str, Any]:
    with_published(world)
    return {"pk": world.london_ep.pk}


RULES = {
    "ratings:matrix": Rule(allowed=ALL_VIEWERS, kwargs=_matrix),
    "ratings:provider": Rule(
        allowed=VIEWERS, kwargs=_provider, foreign=_foreign_provider, foreign_allowed=MIDLANDS
    ),
    "ratings:provider_pdf": Rule(
        allowed=VIEWERS,
        kwargs=_provider,
        foreign=_foreign_provider,
        foreign_allowed=MIDLANDS,
        sweep=False,
    ),
    "ratings:programme": Rule(allowed=ALL_VIEWERS, kwargs=_programme),
    "ratings:public": Rule(allowed=EVERYONE, kwargs=_public),
    "ratings:public_provider": Rule(allowed=EVERYONE, kwargs=_public_provider),
}

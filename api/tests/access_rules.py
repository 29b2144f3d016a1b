"""Access rules of the open data API: every operation answers everyone, signed in or not.
JSON has nothing for the accessibility sweep to look at; the documentation page is swept."""

from __future__ import annotations

from typing import Any

from access.testing import EVERYONE, World
from assessments.tests.access_rules_report import _published as with_published_report
from core.testing.access import Rule
from ratings.models import Rating, RoundStatus
from ratings.tests.access_rules_reports import with_published


def _ratings(world: World) -> dict[str, Any]:
    with_published(world)
    return {}


def _rating(world: World) -> dict[str, Any]:
    with_published(world)
    rating = Rating.objects.filter(
        round__status=RoundStatus.PUBLISHED, is_current=True, education_provider=world.london_ep
    ).first()
    assert rating is not None
    return {"rating_id": rating.pk}


def _organisation(world: World) -> dict[str, Any]:
    with_published(world)
    return {"ukprn": world.london_ep.ukprn}


def _programme(world: World) -> dict[str, Any]:
    with_published(world)
    return {"code": world.nursing.code}


def _reports(world: World) -> dict[str, Any]:
    with_published_report(world)
    return {}


def _json(kwargs: Any = _ratings) -> Rule:
    return Rule(allowed=EVERYONE, kwargs=kwargs, sweep=False)


RULES = {
    "api:docs": Rule(allowed=EVERYONE),
    "api_v1:api-root": _json(),
    "api_v1:index": _json(),
    "api_v1:openapi-json": _json(),
    "api_v1:rounds": _json(),
    "api_v1:ratings": _json(),
    "api_v1:rating": _json(_rating),
    "api_v1:organisations": _json(),
    "api_v1:organisation": _json(_organisation),
    "api_v1:programmes": _json(),
    "api_v1:programme": _json(_programme),
    "api_v1:reports": _json(_reports),
    "api_v1:report": _json(with_published_report),
}

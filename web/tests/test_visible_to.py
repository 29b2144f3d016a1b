"""Every model whose rows users see narrows them with ``visible_to``, which takes a user or
the Scope already worked out for them, and gives the same rows either way."""

from __future__ import annotations

from typing import Any

import pytest

from access.scope import scope_for
from access.testing import EVERYONE, World
from assessments.models import Submission
from organisations.models import Organisation
from programmes.models import Commission
from ratings.models import Rating, RatingRound

MODELS = [Organisation, Commission, Rating, RatingRound, Submission]


@pytest.mark.parametrize("model", MODELS, ids=lambda model: model.__name__)
@pytest.mark.parametrize("persona", sorted(EVERYONE - {"anonymous"}))
def test_a_user_and_their_scope_see_the_same_rows(
    world: World, qcpm: Any, assessment: Any, model: Any, persona: str
) -> None:
    user = world.user(persona)

    by_user = set(model.objects.visible_to(user).values_list("pk", flat=True))
    by_scope = set(model.objects.visible_to(scope_for(user)).values_list("pk", flat=True))

    assert by_user == by_scope
    if persona == "admin":
        assert by_user == set(model.objects.values_list("pk", flat=True)) != set()


@pytest.mark.parametrize("persona", ["ep_lead", "regional_lead"])
def test_a_draft_rating_is_hidden_from_the_provider_but_not_the_region(
    world: World, qcpm: Any, persona: str
) -> None:
    visible = Rating.objects.visible_to(world.user(persona)).filter(round=qcpm.round)

    assert visible.exists() == (persona == "regional_lead")

"""Self-assessment items in the quality register: signing puts the actions of "not met" and
"partially met" answers there, and a regional lead's concern opens a concern."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from access.testing import World
from assessments.models import Action, ReviewNote
from assessments.review.services import note_add
from assessments.signoff.services import DECLARATION, submission_sign_off
from assessments.tests.signoff_helpers import DUE, build_signing
from core import clock
from core.testing.mail import committed
from register.models import ItemKind, QualityItem
from register.services import due_for
from register.sources import label_of, link_of

pytestmark = pytest.mark.django_db


def _sign(world: World) -> Any:
    signing = build_signing(world)
    with committed():
        submission_sign_off(
            actor=world.user("pp_executive"),
            submission=signing.submission,
            declaration=DECLARATION,
        )
    return signing


def test_signing_puts_each_action_of_an_unmet_answer_in_the_register(world: World) -> None:
    signing = _sign(world)
    items = list(QualityItem.objects.order_by("source_id"))
    actions = list(Action.objects.filter(answer__submission=signing.submission).order_by("pk"))
    assert [item.source_id for item in items] == [action.pk for action in actions]
    assert len(items) == 5  # two not met, three partially met
    first, action = items[0], actions[0]
    assert first.kind == ItemKind.IMPROVEMENT_ACTION
    assert first.organisation == world.london_pp
    assert (first.action, first.owner_name, first.due_on) == (
        action.description,
        "Director of nursing",
        DUE,
    )
    assert first.standard == action.answer.question.standard.ref
    assert first.opened_by == world.user("pp_executive")
    assert label_of(first.source_kind) == "Self-assessment action"
    assert link_of(first.source_kind, first.source_id) == reverse(
        "assessments:submission", args=[signing.submission.pk]
    )
    not_met = [item for item in items if item.source_label.endswith(": not met")]
    assert len(not_met) == 2


def test_a_concern_opens_a_concern_in_the_register_and_a_flag_does_not(world: World) -> None:
    signing = _sign(world)
    QualityItem.objects.all().delete()
    answer = signing.submission.answers.select_related("question__standard").first()
    assert answer is not None
    lead = world.user("regional_lead")
    note_add(actor=lead, answer=answer, kind="flag", note="Worth a look")
    assert not QualityItem.objects.exists()
    note = note_add(actor=lead, answer=answer, kind="concern", note="Nights lack supervision")
    item = QualityItem.objects.get()
    assert (item.kind, item.action, item.opened_by) == (
        ItemKind.CONCERN,
        "Nights lack supervision",
        lead,
    )
    assert item.standard == answer.question.standard.ref
    assert item.due_on == due_for(ItemKind.CONCERN, clock.today())
    assert item.source_id == ReviewNote.objects.get(pk=note.pk).pk
    assert link_of(item.source_kind, item.source_id) == reverse(
        "assessments:review", args=[signing.submission.pk]
    )

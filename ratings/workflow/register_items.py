"""Follow-ups in the quality register: a published Red or Low Amber rating's follow-up opens
a QCPM follow-up item there, which links back to the rating."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.urls import reverse

from ratings.models import FollowUp
from register.models import ItemKind
from register.services import ItemDraft, due_for, item_open
from register.sources import Source, SourceRef

if TYPE_CHECKING:
    from accounts.models import User

SOURCE = "ratings.follow_up"


def _rating_link(follow_up_id: int) -> str | None:
    rating_id = FollowUp.objects.filter(pk=follow_up_id).values_list("rating_id", flat=True)
    first = rating_id.first()
    return reverse("ratings:rating", args=[first]) if first is not None else None


FOLLOW_UP_SOURCE = Source(SOURCE, "QCPM follow-up", _rating_link)


def follow_ups_to_register(actor: User | None, follow_ups: Iterable[FollowUp]) -> int:
    """One register item per follow-up (none again for a follow-up that has one)."""
    opened = 0
    for follow_up in follow_ups:
        rating = follow_up.rating
        programme = rating.programme
        what = programme.name if programme else "the provider"
        label = f"{rating.round.year_label} QCPM rating of {what}: {rating.get_band_display()}"
        item_open(
            actor=actor,
            draft=ItemDraft(
                organisation=rating.education_provider,
                kind=ItemKind.QCPM_FOLLOW_UP,
                programme=programme,
                action=f"Agree and carry out an improvement plan for {what} after its "
                f"{rating.get_band_display()} rating",
                evidence_expected="The improvement plan's actions done, and the KPI data that "
                "shows the change",
                due_on=due_for(ItemKind.QCPM_FOLLOW_UP),
                source=SourceRef(SOURCE, follow_up.pk, label),
            ),
        )
        opened += 1
    return opened

"""Follow-ups: a published Red or Low Amber programme rating opens one, with an improvement
plan of actions (what, who owns it, by when) until a contract manager closes it."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from core import clock
from core.actions import check_action
from core.audit import acting_as
from ratings.models import FollowUp, FollowUpAction, Rating, RatingBand, RatingRound
from ratings.permissions import can_manage_provider_ratings, leads_provider
from ratings.workflow.register_items import follow_ups_to_register

if TYPE_CHECKING:
    from accounts.models import User, Viewer

# Published ratings in these bands open a follow-up with an improvement plan.
FOLLOW_UP_BANDS = frozenset({RatingBand.RED, RatingBand.LOW_AMBER})


def follow_ups_open(round_: RatingRound, *, actor: User | None = None) -> int:
    """A follow-up for every current Red or Low Amber programme rating that has none, each
    with its item in the quality register."""
    ratings = list(
        Rating.objects.filter(
            round=round_,
            is_current=True,
            programme__isnull=False,
            band__in=FOLLOW_UP_BANDS,
            follow_up__isnull=True,
        ).values_list("pk", flat=True)
    )
    created = FollowUp.objects.bulk_create([FollowUp(rating_id=pk) for pk in ratings])
    follow_ups_to_register(
        actor,
        FollowUp.objects.filter(rating_id__in=ratings).select_related(
            "rating__round", "rating__education_provider", "rating__programme"
        ),
    )
    return len(created)


def can_add_action(user: Viewer, follow_up: FollowUp) -> bool:
    provider = follow_up.rating.education_provider
    return leads_provider(user, provider.pk) or can_manage_provider_ratings(user, provider)


def follow_up_action_add(
    *, actor: User | None, follow_up: FollowUp, description: str, owner: str, due_on: dt.date | None
) -> FollowUpAction:
    """Add an action (what, who owns it, by when) to an open improvement plan."""
    if actor is None or not can_add_action(actor, follow_up):
        raise PermissionDenied("Only the provider's lead or a contract manager adds actions")
    description, owner, errors = check_action(description, owner, due_on)
    if follow_up.status != FollowUp.Status.OPEN:
        errors["description"] = "This follow-up is closed: actions can no longer be added"
    if errors or due_on is None:
        raise ValidationError(errors)
    with transaction.atomic(), acting_as(actor):
        return FollowUpAction.objects.create(
            follow_up=follow_up, description=description, owner=owner, due_on=due_on
        )


def follow_up_action_done(
    *, actor: User | None, action: FollowUpAction, done_on: dt.date | None
) -> FollowUpAction:
    """Record the date an improvement plan's action was done (again, to correct it). The date
    cannot be in the future or before the follow-up opened, and a closed plan is frozen."""
    follow_up = action.follow_up
    if actor is None or not can_add_action(actor, follow_up):
        raise PermissionDenied("Only the provider's lead or a contract manager updates actions")
    if follow_up.status != FollowUp.Status.OPEN:
        raise ValidationError({"done_on": "This follow-up is closed: its actions are final"})
    if done_on is None:
        raise ValidationError({"done_on": "Enter the date the action was done, like 31 3 2026"})
    opened = timezone.localdate(follow_up.opened_at)
    if done_on > clock.today():
        raise ValidationError({"done_on": "The date the action was done must be today or earlier"})
    if done_on < opened:
        raise ValidationError(
            {
                "done_on": "The date the action was done must be on or after "
                f"{opened:%-d %B %Y}, when the follow-up opened"
            }
        )
    with transaction.atomic(), acting_as(actor):
        action.done_on = done_on
        action.save(update_fields=["done_on"])
    return action


def follow_up_close(*, actor: User | None, follow_up: FollowUp, reason: str = "") -> FollowUp:
    """A contract manager closes a follow-up once the improvement plan is done."""
    if actor is None or not can_manage_provider_ratings(actor, follow_up.rating.education_provider):
        raise PermissionDenied("Only contract managers close follow-ups")
    if follow_up.status != FollowUp.Status.OPEN:
        raise ValidationError({"reason": "This follow-up is already closed"})
    with transaction.atomic(), acting_as(actor, reason=(reason or "").strip()):
        follow_up.status = FollowUp.Status.CLOSED
        follow_up.closed_at = clock.now()
        follow_up.save(update_fields=["status", "closed_at"])
    return follow_up

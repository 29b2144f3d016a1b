"""The ratings workflow: draft, provider preview, approved, published; and, during the
preview and after publication, providers' queries and rights of reply (follow-ups are in
``follow_ups``, corrections of published ratings in ``corrections``).

Every transition is guarded (who may make it, from which state) and saved inside
``acting_as`` with the transition's name, the states it went from and to, and the reason,
so the audit log holds who, when, from, to and why; the round page shows that history.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse

from access.roles import Role
from access.selectors import member_emails
from core import clock
from core.audit import acting_as
from core.formatting import count_of
from core.formatting import date as date_text
from core.mail import queue_emails
from core.text import clean_text
from core.workflow import Transition, Workflow
from organisations.models import Organisation
from ratings.compute.staleness import refuse_if_stale
from ratings.models import (
    FollowUp,
    Kpi,
    Rating,
    RatingQuery,
    RatingRound,
    RightOfReply,
    RoundStatus,
)
from ratings.permissions import can_manage_provider_ratings, can_manage_round, leads_provider
from ratings.workflow.follow_ups import follow_ups_open

if TYPE_CHECKING:
    from accounts.models import User

REPLY_STATES = frozenset({RoundStatus.PROVIDER_PREVIEW, RoundStatus.PUBLISHED})


def _refusal(round_: RatingRound, transition: Transition, state: str) -> str:
    allowed = " or ".join(sorted(RoundStatus(s).label.lower() for s in transition.sources))
    step = transition.label[0].lower() + transition.label[1:]
    return f"The {round_.title} ratings are {state.lower()}: they must be {allowed} to {step}"


ROUND_WORKFLOW = Workflow(
    RatingRound,
    (
        Transition(
            "preview",
            "Open the provider preview",
            frozenset({RoundStatus.DRAFT}),
            RoundStatus.PROVIDER_PREVIEW,
        ),
        Transition(
            "approve",
            "Approve the ratings",
            frozenset({RoundStatus.PROVIDER_PREVIEW}),
            RoundStatus.APPROVED,
            reason_is="why the ratings are approved early",
        ),
        Transition(
            "publish",
            "Publish the ratings",
            frozenset({RoundStatus.APPROVED}),
            RoundStatus.PUBLISHED,
        ),
        Transition(
            "reopen",
            "Return the ratings to draft",
            frozenset({RoundStatus.PROVIDER_PREVIEW, RoundStatus.APPROVED}),
            RoundStatus.DRAFT,
            reason_required=True,
            reason_is="why the ratings go back to draft",
        ),
    ),
    name="the ratings workflow",
    refusal=_refusal,
)
TRANSITIONS = ROUND_WORKFLOW.transitions


def _check_approval(round_: RatingRound, reason: str, today: dt.date) -> list[str]:
    """Approval ends providers' right to query: refused while a query waits for its answer,
    and before the preview closes unless a reason is given, which providers then see."""
    waiting = RatingQuery.objects.filter(
        rating__round=round_, status=RatingQuery.Status.OPEN
    ).count()
    if waiting:
        raise ValidationError(
            {
                "transition": f"{count_of(waiting, 'query', 'queries')} from providers "
                f"{'is' if waiting == 1 else 'are'} still open: answer "
                f"{'it' if waiting == 1 else 'them'} before approving the ratings"
            }
        )
    closes = round_.preview_closes_on
    if closes is None or today > closes:
        return []
    if not reason:
        raise ValidationError(
            {
                "reason": f"The provider preview is open until the end of {date_text(closes)}: "
                "approve after it closes, or say why the ratings are approved early "
                "(the providers will see your reason)"
            }
        )
    round_.approved_early_because = reason
    return ["approved_early_because"]


def available_transitions(round_: RatingRound) -> list[Transition]:
    return ROUND_WORKFLOW.available(round_)


def round_transition(
    *,
    actor: User | None,
    round_: RatingRound,
    name: str,
    reason: str = "",
    preview_closes_on: dt.date | None = None,
    today: dt.date | None = None,
) -> RatingRound:
    """Move the round along the workflow, or refuse with a message saying why."""
    if actor is None or not can_manage_round(actor, round_):
        region = round_.region.name
        raise PermissionDenied(
            f"Only {region}'s contract managers and quality administrators move {region}'s "
            "ratings on"
        )
    today = today or clock.today()
    with ROUND_WORKFLOW.move(round_, name, actor=actor, reason=reason) as move:
        locked = move.obj
        if name == "preview":
            move.save(*_open_preview(locked, preview_closes_on, today))
            refuse_if_stale(locked, "opening the provider preview")
        if name == "approve":
            refuse_if_stale(locked, "approving them")
            move.save(*_check_approval(locked, move.reason, today))
        if name == "publish":
            locked.published_at = clock.now()
            move.save("published_at")
            move.context["follow_ups_opened"] = follow_ups_open(locked, actor=actor)
        if name in ("preview", "publish"):
            # Queued for when the change commits: a refused step e-mails nobody.
            queue_emails(_provider_messages(locked, name))
    round_.refresh_from_db()
    return round_


def _open_preview(round_: RatingRound, closes_on: dt.date | None, today: dt.date) -> list[str]:
    """The preview needs a closing date from today on, and ratings for providers to see."""
    if closes_on is None:
        raise ValidationError({"preview_closes_on": "Enter the date the provider preview closes"})
    if closes_on < today:
        raise ValidationError(
            {"preview_closes_on": "The date the preview closes must be today or later"}
        )
    if not round_.ratings.exists():
        raise ValidationError(
            {"transition": "Compute the ratings before providers can preview them"}
        )
    round_.preview_closes_on = closes_on
    return ["preview_closes_on"]


def _provider_messages(round_: RatingRound, kind: str) -> list[dict[str, Any]]:
    """One e-mail per rated education provider to its leads: the preview is open (and
    until when), or the ratings are published (and how many follow-ups opened)."""
    providers = dict(
        Organisation.objects.filter(
            pk__in=Rating.objects.filter(round=round_, is_current=True).values(
                "education_provider_id"
            )
        ).values_list("pk", "name")
    )
    leads = member_emails(Role.EP_LEAD, providers)
    follow_ups: dict[int, int] = defaultdict(int)
    if kind == "publish":
        for provider_id in FollowUp.objects.filter(rating__round=round_).values_list(
            "rating__education_provider_id", flat=True
        ):
            follow_ups[provider_id] += 1
    subject = {
        "preview": f"Your draft QCPM ratings for {round_.year_label} are ready to preview",
        "publish": f"Your QCPM ratings for {round_.year_label} are published",
    }[kind]
    link = settings.SERVICE_URL.rstrip("/") + reverse("ratings:round_detail", args=round_.url_args)
    messages = []
    for provider_id, name in sorted(providers.items(), key=lambda item: item[1]):
        to = leads.get(provider_id)
        if not to:
            continue
        body = render_to_string(
            f"ratings/workflow/email/{'preview' if kind == 'preview' else 'published'}.txt",
            {
                "provider": name,
                "year": round_.year_label,
                "closes_on": date_text(round_.preview_closes_on)
                if round_.preview_closes_on
                else "",
                "follow_ups": follow_ups.get(provider_id, 0),
                "link": link,
                "service_name": settings.SERVICE_NAME,
            },
        )
        messages.append({"to": to, "subject": f"{subject}: {name}", "body": body})
    return messages


def query_raise(
    *,
    actor: User | None,
    rating: Rating,
    kpi: Kpi | None,
    question: str,
    today: dt.date | None = None,
) -> RatingQuery:
    """An education provider lead queries a value behind its draft rating, within the window."""
    if actor is None or not leads_provider(actor, rating.education_provider_id):
        raise PermissionDenied("Only the provider's own lead can query its ratings")
    question = clean_text(question, field="question", what="your question")
    today = today or clock.today()
    round_ = rating.round
    if round_.status != RoundStatus.PROVIDER_PREVIEW:
        raise ValidationError(
            {"question": "Queries can only be raised while the ratings are in provider preview"}
        )
    if round_.preview_closes_on is None or today > round_.preview_closes_on:
        raise ValidationError({"question": "The provider preview has closed for queries"})
    if not rating.is_current:
        raise ValidationError({"question": "Query the current rating, not an earlier revision"})
    if kpi is not None:
        codes = {line["code"] for line in rating.explanation.get("lines", [])}
        if kpi.code not in codes:
            raise ValidationError({"kpi": f"{kpi.name} is not part of this rating"})
    with transaction.atomic(), acting_as(actor):
        query = RatingQuery.objects.create(
            rating=rating, kpi=kpi, question=question, raised_by=actor
        )
    return query


def query_answer(*, actor: User | None, query: RatingQuery, answer: str) -> RatingQuery:
    """A contract manager answers a provider's query."""
    if actor is None or not can_manage_provider_ratings(actor, query.rating.education_provider):
        raise PermissionDenied("Only contract managers answer queries")
    answer = clean_text(answer, field="answer", what="an answer")
    with transaction.atomic(), acting_as(actor):
        query.answer = answer
        query.status = RatingQuery.Status.ANSWERED
        query.answered_by = actor
        query.answered_at = clock.now()
        query.save(update_fields=["answer", "status", "answered_by", "answered_at"])
    return query


def reply_save(
    *, actor: User | None, round_: RatingRound, provider: Organisation, text: str
) -> RightOfReply:
    """The provider lead writes or edits its right of reply (in preview or once published)."""
    if actor is None or not leads_provider(actor, provider.pk):
        raise PermissionDenied("Only the provider's own lead writes its right of reply")
    if provider.region_id != round_.region_id:
        raise ValidationError({"text": f"{provider.name} is not rated in the {round_.title} round"})
    if round_.status not in REPLY_STATES:
        raise ValidationError(
            {
                "text": "A right of reply can be written while the ratings are in provider "
                "preview or after they are published"
            }
        )
    text = clean_text(text, field="text", what="your right of reply")
    with transaction.atomic(), acting_as(actor):
        reply = RightOfReply.objects.filter(round=round_, education_provider=provider).first()
        if reply is None:
            reply = RightOfReply.objects.create(
                round=round_, education_provider=provider, text=text, written_by=actor
            )
        elif reply.text != text:
            reply.text = text
            reply.written_by = actor
            reply.save(update_fields=["text", "written_by", "updated_at"])
    return reply

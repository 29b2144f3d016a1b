"""A rating's explanation page and the steps taken from it: queries and their answers,
corrections of a published rating, and the follow-up's improvement plan."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from accounts.http import SignedInRequest
from core import clock
from core.formatting import date as date_text
from core.forms import ServiceForm
from core.http import require
from core.views_forms import form_view, posted
from ratings.compute.selectors import stale_mark_of
from ratings.models import Kpi, Rating, RoundStatus
from ratings.permissions import (
    can_manage_provider_ratings,
    can_manage_ratings,
    can_view_ratings,
    leads_provider,
)
from ratings.reports import rating_tables
from ratings.reports.explanations import readable_reasons
from ratings.workflow import corrections, selectors
from ratings.workflow import services as workflow
from ratings.workflow.follow_ups import (
    can_add_action,
    follow_up_action_add,
    follow_up_action_done,
    follow_up_close,
)
from ratings.workflow.form_page import form_page
from ratings.workflow.forms import (
    ActionDoneForm,
    ActionForm,
    AnswerForm,
    CloseForm,
    CorrectionForm,
    QueryForm,
)


def _rating_step(
    request: HttpRequest,
    form: ServiceForm,
    rating: Rating,
    *,
    save: Callable[[], object],
    message: str,
    **page: Any,
) -> HttpResponse:
    """A form about one rating: it starts from the rating's page and returns there."""
    return form_view(
        request,
        form,
        save=save,
        done=lambda _: (message, redirect("ratings:rating", rating.pk)),
        page=lambda: form_page(
            request,
            form,
            caption=_caption(rating),
            back_url=reverse("ratings:rating", args=[rating.pk]),
            back_text="Back to the rating",
            **page,
        ),
    )


def _caption(rating: Rating) -> str:
    what = rating.programme.name if rating.programme else "overall rating"
    return f"{rating.education_provider.name}, {what}, {rating.round.year_label}"


def _window_open(rating: Rating) -> bool:
    round_ = rating.round
    return (
        round_.status == RoundStatus.PROVIDER_PREVIEW
        and round_.preview_closes_on is not None
        and clock.today() <= round_.preview_closes_on
    )


@require(can_view_ratings)
def rating(request: SignedInRequest, pk: int) -> HttpResponse:
    found = selectors.rating_get(request.user, pk)
    user = request.user
    provider = found.education_provider
    manage = can_manage_provider_ratings(user, provider)
    lead = leads_provider(user, provider.pk)
    follow_ups = selectors.rating_follow_ups(found)
    return render(
        request,
        "ratings/workflow/rating_detail.html",
        {
            "page_title": f"{provider.name}: "
            f"{found.programme.name if found.programme else 'overall rating'}",
            "rating": found,
            "round": found.round,
            "lines": rating_tables.kpi_rows(found),
            "kpi_total": rating_tables.kpi_total(found),
            "reasons": readable_reasons(found, {kpi.code: kpi for kpi in Kpi.objects.all()}),
            "programmes": rating_tables.programme_rows(found),
            "roll_up_total": rating_tables.roll_up_total(found),
            "stale": stale_mark_of(found),
            "computations": selectors.rating_computations(found),
            "revisions": selectors.rating_revisions(found),
            "queries": selectors.rating_queries(found),
            "reply": selectors.reply_for(found.round, provider.pk),
            "follow_ups": follow_ups,
            "can_query": lead and found.is_current and found.programme_id and _window_open(found),
            "can_answer": manage,
            "can_reply": lead and found.round.status in workflow.REPLY_STATES,
            "can_correct": manage
            and found.is_current
            and found.programme_id is not None
            and found.round.status == RoundStatus.PUBLISHED,
            "can_act": lead or manage,
            "can_close": manage,
        },
    )


@require(can_view_ratings)
def rating_query(request: SignedInRequest, pk: int) -> HttpResponse:
    found = selectors.rating_get(request.user, pk)
    if not leads_provider(request.user, found.education_provider_id):
        raise Http404("Not found")
    codes = [line["code"] for line in found.explanation.get("lines", [])]
    form = QueryForm(posted(request), codes=codes)
    return _rating_step(
        request,
        form,
        found,
        save=lambda: workflow.query_raise(
            actor=request.user,
            rating=found,
            kpi=form.cleaned_data["kpi"],
            question=form.cleaned_data["question"],
        ),
        message="Your query has been sent to the contract manager",
        heading="Query a value behind this rating",
        button="Send query",
        intro=["The contract manager will check the value and answer on the rating page."],
        blocked=""
        if _window_open(found) and found.is_current
        else "Queries can only be raised on a current rating while the provider preview is open.",
    )


@require(can_manage_ratings)
def rating_query_answer(request: SignedInRequest, pk: int) -> HttpResponse:
    query = selectors.query_get(request.user, pk)
    if not can_manage_provider_ratings(request.user, query.rating.education_provider):
        raise Http404("Not found")
    form = AnswerForm(posted(request), initial={"answer": query.answer})
    return _rating_step(
        request,
        form,
        query.rating,
        save=lambda: workflow.query_answer(
            actor=request.user, query=query, answer=form.cleaned_data["answer"]
        ),
        message="Your answer has been saved",
        heading="Answer a query",
        button="Save answer",
        intro=[
            f"{query.kpi.name if query.kpi else 'General query'}: {query.question}",
            "If the value was wrong, correct it through a KPI data import and recompute the "
            "ratings (or correct the published rating).",
        ],
    )


@require(can_manage_ratings)
def rating_correct(request: SignedInRequest, pk: int) -> HttpResponse:
    found = selectors.rating_get(request.user, pk)
    if not can_manage_provider_ratings(request.user, found.education_provider):
        raise Http404("Not found")
    form = CorrectionForm(posted(request))
    allowed = (
        found.round.status == RoundStatus.PUBLISHED
        and found.is_current
        and found.programme_id is not None
    )
    return form_view(
        request,
        form,
        save=lambda: corrections.rating_correct(
            actor=request.user, rating=found, note=form.cleaned_data["note"]
        ),
        done=lambda new: (
            f"Revision {new.revision} of this rating is now current",
            redirect("ratings:rating", new.pk),
        ),
        page=lambda: form_page(
            request,
            form,
            heading="Correct a published rating",
            caption=_caption(found),
            back_url=reverse("ratings:rating", args=[found.pk]),
            back_text="Back to the rating",
            button="Correct the rating",
            intro=[
                "The rating is worked out again from the current KPI values. The published "
                "revision stays on record and the new one shows your note."
            ],
            blocked=""
            if allowed
            else "Only the current revision of a published programme rating can be corrected.",
        ),
    )


@require(can_view_ratings)
def rating_follow_up_action(request: SignedInRequest, pk: int) -> HttpResponse:
    follow_up = selectors.follow_up_get(request.user, pk)
    if not can_add_action(request.user, follow_up):
        raise Http404("Not found")
    form = ActionForm(posted(request))
    return _rating_step(
        request,
        form,
        follow_up.rating,
        save=lambda: follow_up_action_add(
            actor=request.user, follow_up=follow_up, **form.cleaned_data
        ),
        message="The action has been added to the improvement plan",
        heading="Add an action to the improvement plan",
        button="Add action",
        blocked="" if follow_up.status == "open" else "This follow-up is closed.",
    )


@require(can_view_ratings)
def rating_follow_up_action_done(request: SignedInRequest, pk: int) -> HttpResponse:
    action = selectors.follow_up_action_get(request.user, pk)
    follow_up = action.follow_up
    if not can_add_action(request.user, follow_up):
        raise Http404("Not found")
    form = ActionDoneForm(posted(request), initial={"done_on": action.done_on or clock.today()})
    return _rating_step(
        request,
        form,
        follow_up.rating,
        save=lambda: follow_up_action_done(
            actor=request.user, action=action, done_on=form.cleaned_data["done_on"]
        ),
        message="The action is marked as done",
        heading="Mark an action as done",
        button="Save",
        intro=[f"{action.description} (owner: {action.owner}, due {date_text(action.due_on)})"],
        blocked="" if follow_up.status == "open" else "This follow-up is closed.",
    )


@require(can_manage_ratings)
def rating_follow_up_close(request: SignedInRequest, pk: int) -> HttpResponse:
    follow_up = selectors.follow_up_get(request.user, pk)
    if not can_manage_provider_ratings(request.user, follow_up.rating.education_provider):
        raise Http404("Not found")
    form = CloseForm(posted(request))
    return _rating_step(
        request,
        form,
        follow_up.rating,
        save=lambda: follow_up_close(
            actor=request.user, follow_up=follow_up, reason=form.cleaned_data["reason"]
        ),
        message="The follow-up is closed",
        heading="Close the follow-up?",
        button="Close the follow-up",
        intro=["Close it once the improvement plan's actions are done."],
        blocked="" if follow_up.status == "open" else "This follow-up is already closed.",
    )

"""Rating rounds, the rating explanation page and the workflow around them."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Any, cast

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from accounts.models import User
from core import clock
from core.audit import actor_name
from core.formatting import date as date_text
from core.forms import ServiceForm
from core.http import require
from core.pagination import page_links, paginate
from core.views_forms import form_view, posted
from organisations.models import Organisation
from ratings.compute.services import COMPUTABLE, ratings_compute
from ratings.models import Kpi, Methodology, Rating, RatingBand, RatingRound, RoundStatus
from ratings.permissions import (
    can_manage_provider_ratings,
    can_manage_ratings,
    can_view_ratings,
    leads_provider,
)
from ratings.reports.selectors import readable_reasons
from ratings.workflow import selectors
from ratings.workflow import services as workflow
from ratings.workflow.forms import (
    ActionDoneForm,
    ActionForm,
    AnswerForm,
    CloseForm,
    ComputeForm,
    CorrectionForm,
    QueryForm,
    ReplyForm,
    TransitionForm,
)

UNIT_SUFFIX = {"percent": "%", "days": " days", "score": "", "count": ""}
STATUS_TEXT = {
    "scored": "Scored",
    "suppressed": "Suppressed: too few learners to score",
    "missing": "Missing: no data",
}


def _actor(request: HttpRequest) -> User:
    return cast(User, request.user)


def _form_page(
    request: HttpRequest,
    form: ServiceForm,
    *,
    heading: str,
    caption: str,
    back_url: str,
    back_text: str,
    button: str,
    intro: list[str] | None = None,
    blocked: str = "",
    warning: bool = False,
) -> HttpResponse:
    """The one confirmation-and-form page every workflow step uses."""
    return render(
        request,
        "ratings/workflow/rating_form.html",
        {
            "page_title": heading,
            "form": form,
            "heading": heading,
            "caption": caption,
            "back_url": back_url,
            "back_text": back_text,
            "button": button,
            "intro": intro or [],
            "blocked": blocked,
            "warning": warning,
            "page_error": bool(form.errors),
        },
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
        page=lambda: _form_page(
            request,
            form,
            caption=_caption(rating),
            back_url=reverse("ratings:rating", args=[rating.pk]),
            back_text="Back to the rating",
            **page,
        ),
    )


def _number(value: Any, unit: str = "") -> str:
    if value is None or value == "":
        return ""
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return str(value)
    text = f"{number:,.1f}" if number != number.to_integral_value() else f"{number:,.0f}"
    return text + UNIT_SUFFIX.get(unit, "")


def _lines(rating: Rating) -> list[dict[str, Any]]:
    """The explanation's KPI lines, formatted for reading."""
    rows = []
    for line in rating.explanation.get("lines", []):
        unit = line.get("unit", "")
        rows.append(
            {
                **line,
                "value_text": _number(line.get("value"), unit) or "No data",
                "target_text": _number(line.get("target"), unit),
                "band_label": RatingBand(line["band"]).label if line.get("band") else "None",
                "status_text": STATUS_TEXT.get(line.get("status", ""), line.get("status", "")),
                "counts": (
                    f"{_number(line.get('numerator'))} of {_number(line.get('denominator'))}"
                    if line.get("denominator") is not None
                    else ""
                ),
                "weight_text": _number(line.get("weight")),
                "points_text": _number(line.get("points")),
                "contribution_text": _number(line.get("contribution")),
            }
        )
    return rows


def _history(round_: RatingRound) -> list[dict[str, str]]:
    rows = []
    for entry in selectors.round_history(round_):
        data = entry.additional_data or {}
        if data.get("transition"):
            what = (
                f"{workflow.TRANSITIONS[data['transition']].label}: from "
                f"{RoundStatus(data['from']).label} to {RoundStatus(data['to']).label}"
                if data["transition"] in workflow.TRANSITIONS
                else str(data["transition"])
            )
            if data.get("follow_ups_opened") is not None:
                what += f" ({data['follow_ups_opened']} follow-ups opened)"
        elif data.get("action") == "ratings computed":
            what = (
                f"Ratings computed: {data.get('programmes_rated', 0)} programmes rated, "
                f"{data.get('programmes_not_rated', 0)} not rated, "
                f"{data.get('providers', 0)} providers"
            )
        elif entry.action == entry.Action.CREATE:
            what = "Round created"
        else:
            what = "Round changed"
        rows.append(
            {
                "when": entry.timestamp,
                "who": actor_name(entry),
                "what": what,
                "reason": str(data.get("reason") or ""),
            }
        )
    return rows


@require(can_view_ratings)
def round_list(request: HttpRequest) -> HttpResponse:
    rounds = selectors.round_list(request.user)
    compute_form = None
    if can_manage_ratings(request.user):
        frozen = {r["round"].academic_year for r in rounds if r["round"].status not in COMPUTABLE}
        years = [
            (m.academic_year, m.year_label)
            for m in Methodology.objects.order_by("-academic_year")
            if m.academic_year not in frozen
        ]
        compute_form = ComputeForm(years=years)
    return render(
        request,
        "ratings/workflow/round_list.html",
        {"page_title": "QCPM ratings", "rounds": rounds, "compute_form": compute_form},
    )


@require(can_manage_ratings)
@require_POST
def round_compute(request: HttpRequest) -> HttpResponse:
    years = list(Methodology.objects.values_list("academic_year", "academic_year"))
    form = ComputeForm(request.POST, years=[(y, str(y)) for y, _ in years])
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return redirect("ratings:round_list")
    year = form.cleaned_data["year"]
    try:
        summary = ratings_compute(actor=_actor(request), year=year)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        if RatingRound.objects.filter(academic_year=year).exists():
            return redirect("ratings:round_detail", year)
        return redirect("ratings:round_list")
    messages.success(request, f"Computed the {summary}")
    return redirect("ratings:round_detail", year)


@require(can_view_ratings)
def round_detail(request: HttpRequest, year: int) -> HttpResponse:
    round_ = selectors.round_get(request.user, year)
    manage = can_manage_ratings(request.user)
    page = paginate(request, selectors.round_ratings(request.user, round_))
    led = selectors.led_providers(request.user)
    return render(
        request,
        "ratings/workflow/round_detail.html",
        {
            "page_title": str(round_),
            "round": round_,
            "counts": selectors.round_band_counts(request.user, round_),
            "page": page,
            "pagination": page_links(request, page),
            "queries": selectors.round_open_queries(request.user, round_),
            "follow_ups": selectors.round_follow_ups(request.user, round_),
            "history": _history(round_) if manage else [],
            "can_compute": manage and round_.status in COMPUTABLE,
            "transitions": workflow.available_transitions(round_) if manage else [],
            "reply_providers": (
                list(Organisation.objects.filter(pk__in=led).order_by("name"))
                if round_.status in workflow.REPLY_STATES
                else []
            ),
        },
    )


@require(can_manage_ratings)
def round_transition(request: HttpRequest, year: int, transition: str) -> HttpResponse:
    round_ = selectors.round_get(request.user, year)
    step = workflow.TRANSITIONS.get(transition)
    if step is None:
        raise Http404("No such step")
    form = TransitionForm(posted(request), needs_date=step.name == "preview")
    intro = {
        "preview": "Education provider leads will see their own draft ratings and can query "
        "a value until the date you set. Contract managers answer the queries.",
        "approve": "The ratings are then final and wait for publication. They can no longer "
        "be recomputed unless they are returned to draft.",
        "publish": "The ratings become public and frozen. A follow-up opens for every Red or "
        "Low Amber programme rating; later changes are corrections with a visible note.",
        "reopen": "The ratings go back to draft so they can be recomputed. Providers no "
        "longer see them until the preview opens again.",
    }[step.name]
    blocked = ""
    if round_.status not in step.sources:
        blocked = (
            f"The ratings are {round_.get_status_display().lower()}, so this step is not "
            "possible now."
        )
    return form_view(
        request,
        form,
        save=lambda: workflow.round_transition(
            actor=_actor(request),
            round_=round_,
            name=step.name,
            reason=form.cleaned_data.get("reason", ""),
            preview_closes_on=form.cleaned_data.get("preview_closes_on"),
        ),
        done=lambda _: (f"Done: {step.label.lower()}", redirect("ratings:round_detail", year)),
        page=lambda: _form_page(
            request,
            form,
            heading=f"{step.label}?",
            caption=f"{round_.year_label} ratings",
            back_url=reverse("ratings:round_detail", args=[year]),
            back_text=f"Back to the {round_.year_label} ratings",
            button=step.label,
            intro=[intro],
            blocked=blocked,
            warning=step.name == "reopen",
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
def rating(request: HttpRequest, pk: int) -> HttpResponse:
    found = selectors.rating_get(request.user, pk)
    user = request.user
    provider = found.education_provider
    manage = can_manage_provider_ratings(user, provider)
    lead = leads_provider(user, provider.pk)
    follow_ups = selectors.rating_follow_ups(found)
    programmes = found.explanation.get("programmes", [])
    return render(
        request,
        "ratings/workflow/rating_detail.html",
        {
            "page_title": f"{provider.name}: "
            f"{found.programme.name if found.programme else 'overall rating'}",
            "rating": found,
            "round": found.round,
            "lines": _lines(found),
            "reasons": readable_reasons(found, {kpi.code: kpi for kpi in Kpi.objects.all()}),
            "programmes": [
                {**p, "band_label": RatingBand(p["band"]).label, "score_text": _number(p["score"])}
                for p in programmes
            ],
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
def rating_query(request: HttpRequest, pk: int) -> HttpResponse:
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
            actor=_actor(request),
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
def rating_query_answer(request: HttpRequest, pk: int) -> HttpResponse:
    query = selectors.query_get(request.user, pk)
    if not can_manage_provider_ratings(request.user, query.rating.education_provider):
        raise Http404("Not found")
    form = AnswerForm(posted(request), initial={"answer": query.answer})
    return _rating_step(
        request,
        form,
        query.rating,
        save=lambda: workflow.query_answer(
            actor=_actor(request), query=query, answer=form.cleaned_data["answer"]
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


@require(can_view_ratings)
def round_reply(request: HttpRequest, year: int, provider: int) -> HttpResponse:
    round_ = selectors.round_get(request.user, year)
    if not leads_provider(request.user, provider):
        raise Http404("Not found")
    organisation = get_object_or_404(Organisation, pk=provider)
    reply = selectors.reply_for(round_, provider)
    form = ReplyForm(posted(request), initial={"text": reply.text if reply else ""})
    return form_view(
        request,
        form,
        save=lambda: workflow.reply_save(
            actor=_actor(request),
            round_=round_,
            provider=organisation,
            text=form.cleaned_data["text"],
        ),
        done=lambda _: (
            "Your right of reply has been saved",
            redirect("ratings:round_detail", year),
        ),
        page=lambda: _form_page(
            request,
            form,
            heading="Right of reply",
            caption=f"{organisation.name}, {round_.year_label}",
            back_url=reverse("ratings:round_detail", args=[year]),
            back_text=f"Back to the {round_.year_label} ratings",
            button="Save right of reply",
            intro=["Your reply is published beside your ratings, in your own words."],
            blocked=""
            if round_.status in workflow.REPLY_STATES
            else "A right of reply can be written while the ratings are in provider preview "
            "or after they are published.",
        ),
    )


@require(can_manage_ratings)
def rating_correct(request: HttpRequest, pk: int) -> HttpResponse:
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
        save=lambda: workflow.rating_correct(
            actor=_actor(request), rating=found, note=form.cleaned_data["note"]
        ),
        done=lambda new: (
            f"Revision {new.revision} of this rating is now current",
            redirect("ratings:rating", new.pk),
        ),
        page=lambda: _form_page(
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
def rating_follow_up_action(request: HttpRequest, pk: int) -> HttpResponse:
    follow_up = selectors.follow_up_get(request.user, pk)
    if not workflow.can_add_action(request.user, follow_up):
        raise Http404("Not found")
    form = ActionForm(posted(request))
    return _rating_step(
        request,
        form,
        follow_up.rating,
        save=lambda: workflow.follow_up_action_add(
            actor=_actor(request), follow_up=follow_up, **form.cleaned_data
        ),
        message="The action has been added to the improvement plan",
        heading="Add an action to the improvement plan",
        button="Add action",
        blocked="" if follow_up.status == "open" else "This follow-up is closed.",
    )


@require(can_view_ratings)
def rating_follow_up_action_done(request: HttpRequest, pk: int) -> HttpResponse:
    action = selectors.follow_up_action_get(request.user, pk)
    follow_up = action.follow_up
    if not workflow.can_add_action(request.user, follow_up):
        raise Http404("Not found")
    form = ActionDoneForm(posted(request), initial={"done_on": action.done_on or clock.today()})
    return _rating_step(
        request,
        form,
        follow_up.rating,
        save=lambda: workflow.follow_up_action_done(
            actor=_actor(request), action=action, done_on=form.cleaned_data["done_on"]
        ),
        message="The action is marked as done",
        heading="Mark an action as done",
        button="Save",
        intro=[f"{action.description} (owner: {action.owner}, due {date_text(action.due_on)})"],
        blocked="" if follow_up.status == "open" else "This follow-up is closed.",
    )


@require(can_manage_ratings)
def rating_follow_up_close(request: HttpRequest, pk: int) -> HttpResponse:
    follow_up = selectors.follow_up_get(request.user, pk)
    if not can_manage_provider_ratings(request.user, follow_up.rating.education_provider):
        raise Http404("Not found")
    form = CloseForm(posted(request))
    return _rating_step(
        request,
        form,
        follow_up.rating,
        save=lambda: workflow.follow_up_close(
            actor=_actor(request), follow_up=follow_up, reason=form.cleaned_data["reason"]
        ),
        message="The follow-up is closed",
        heading="Close the follow-up?",
        button="Close the follow-up",
        intro=["Close it once the improvement plan's actions are done."],
        blocked="" if follow_up.status == "open" else "This follow-up is already closed.",
    )

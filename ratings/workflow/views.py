"""Rating rounds: the list, computing a region's year, a round's page, its workflow steps and the
providers' right of reply."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from accounts.http import SignedInRequest
from core.audit import actor_name
from core.http import require
from core.pagination import page_links, paginate
from core.views_forms import form_view, posted
from organisations.models import Organisation
from ratings.compute.selectors import stale_on_round
from ratings.compute.services import COMPUTABLE, ratings_compute
from ratings.models import RatingRound, RoundStatus
from ratings.permissions import (
    can_manage_ratings,
    can_manage_region,
    can_manage_round,
    can_view_ratings,
    leads_provider,
)
from ratings.workflow import selectors
from ratings.workflow import services as workflow
from ratings.workflow.form_page import form_page
from ratings.workflow.forms import ComputeForm, ReplyForm, TransitionForm, round_key


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
def round_list(request: SignedInRequest) -> HttpResponse:
    rounds = selectors.round_list(request.user)
    compute_form = None
    if can_manage_ratings(request.user):
        compute_form = ComputeForm(rounds=selectors.computable_rounds(request.user))
    return render(
        request,
        "ratings/workflow/round_list.html",
        {"page_title": "QCPM ratings", "rounds": rounds, "compute_form": compute_form},
    )


@require(can_manage_ratings)
@require_POST
def round_compute(request: SignedInRequest) -> HttpResponse:
    form = ComputeForm(request.POST, rounds=selectors.covered_rounds())
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return redirect("ratings:round_list")
    year, region = form.chosen()
    if not can_manage_region(request.user, region.pk):
        raise Http404("Not found")
    try:
        summary = ratings_compute(actor=request.user, year=year, region=region)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        if RatingRound.objects.filter(academic_year=year, region=region).exists():
            return redirect("ratings:round_detail", year, region.code.lower())
        return redirect("ratings:round_list")
    messages.success(request, f"Computed the {summary}")
    return redirect("ratings:round_detail", *summary.round.url_args)


@require(can_view_ratings)
def round_detail(request: SignedInRequest, year: int, region: str) -> HttpResponse:
    round_ = selectors.round_get(request.user, year, region)
    manage = can_manage_round(request.user, round_)
    page = paginate(request, selectors.round_ratings(request.user, round_))
    led = selectors.led_providers(request.user)
    return render(
        request,
        "ratings/workflow/round_detail.html",
        {
            "page_title": str(round_),
            "round": round_,
            "compute_key": round_key(round_.academic_year, round_.region.code),
            "counts": selectors.round_band_counts(request.user, round_),
            "page": page,
            "pagination": page_links(request, page),
            "queries": selectors.round_open_queries(request.user, round_),
            "follow_ups": selectors.round_follow_ups(request.user, round_),
            "stale": stale_on_round(request.user, round_),
            "can_manage": manage,
            "history": _history(round_) if manage else [],
            "can_compute": manage and round_.status in COMPUTABLE,
            "transitions": workflow.available_transitions(round_) if manage else [],
            "reply_providers": (
                list(
                    Organisation.objects.filter(pk__in=led, region=round_.region_id).order_by(
                        "name"
                    )
                )
                if round_.status in workflow.REPLY_STATES
                else []
            ),
        },
    )


@require(can_manage_ratings)
def round_transition(
    request: SignedInRequest, year: int, region: str, transition: str
) -> HttpResponse:
    round_ = selectors.round_get(request.user, year, region)
    if not can_manage_round(request.user, round_):
        raise Http404("Not found")
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
            actor=request.user,
            round_=round_,
            name=step.name,
            reason=form.cleaned_data.get("reason", ""),
            preview_closes_on=form.cleaned_data.get("preview_closes_on"),
        ),
        done=lambda _: (
            f"Done: {step.label.lower()}",
            redirect("ratings:round_detail", *round_.url_args),
        ),
        page=lambda: form_page(
            request,
            form,
            heading=f"{step.label}?",
            caption=f"{round_.title} ratings",
            back_url=reverse("ratings:round_detail", args=round_.url_args),
            back_text=f"Back to the {round_.title} ratings",
            button=step.label,
            intro=[intro],
            blocked=blocked,
            warning=step.name == "reopen",
        ),
    )


@require(can_view_ratings)
def round_reply(request: SignedInRequest, year: int, region: str, provider: int) -> HttpResponse:
    round_ = selectors.round_get(request.user, year, region)
    if not leads_provider(request.user, provider):
        raise Http404("Not found")
    organisation = get_object_or_404(Organisation, pk=provider, region=round_.region_id)
    reply = selectors.reply_for(round_, provider)
    form = ReplyForm(posted(request), initial={"text": reply.text if reply else ""})
    return form_view(
        request,
        form,
        save=lambda: workflow.reply_save(
            actor=request.user,
            round_=round_,
            provider=organisation,
            text=form.cleaned_data["text"],
        ),
        done=lambda _: (
            "Your right of reply has been saved",
            redirect("ratings:round_detail", *round_.url_args),
        ),
        page=lambda: form_page(
            request,
            form,
            heading="Right of reply",
            caption=f"{organisation.name}, {round_.year_label}",
            back_url=reverse("ratings:round_detail", args=round_.url_args),
            back_text=f"Back to the {round_.title} ratings",
            button="Save right of reply",
            intro=["Your reply is published beside your ratings, in your own words."],
            blocked=""
            if round_.status in workflow.REPLY_STATES
            else "A right of reply can be written while the ratings are in provider preview "
            "or after they are published.",
        ),
    )

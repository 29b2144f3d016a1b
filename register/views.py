"""The register's pages: the list (national, regional or one provider's, as the user's scope
decides), its downloads, an item's page and the steps of an item."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from access.scope import scope_for
from accounts.http import SignedInRequest
from core import clock, formatting
from core.exports import EXPORT_FORMATS, table_download
from core.http import require
from core.pagination import page_links, paginate
from core.views_forms import form_view, posted
from organisations.models import Organisation, Region
from programmes.models import Programme
from register import history, selectors, sources
from register.forms import ItemFilterForm, StepForm
from register.models import QualityItem
from register.permissions import answers_for, can_view_register, reviews
from register.services import item_move
from register.workflow import ITEM_WORKFLOW, REVIEW_STEPS, STEPS, SUBMIT
from register.working_days import days_overdue

EXPORT_HEADERS = [
    "Item",
    "Organisation",
    "Kind",
    "Standard",
    "Programme",
    "Source",
    "What must be done",
    "Evidence expected",
    "Owner",
    "Due date",
    "Status",
    "Working days overdue",
]


def _overdue(item: QualityItem, today: dt.date) -> int:
    if item.status not in selectors.OWNER_STATES:
        return 0
    return days_overdue(item.due_on, today)


def _export_row(item: QualityItem, today: dt.date) -> list[Any]:
    return [
        item.pk,
        item.organisation.name,
        item.get_kind_display(),
        item.standard,
        item.programme.name if item.programme else "",
        item.source_label or sources.label_of(item.source_kind),
        item.action,
        item.evidence_expected,
        item.owner_name,
        formatting.date(item.due_on),
        item.get_status_display(),
        _overdue(item, today),
    ]


def _filter_form(request: SignedInRequest) -> ItemFilterForm:
    scope = scope_for(request.user)
    return ItemFilterForm(
        request.GET or None,
        standards=selectors.standards_in(request.user),
        programmes=list(Programme.objects.order_by("name").values_list("code", "name")),
        sources=[(source.code, source.label) for source in sources.sources()],
        regions=list(Region.objects.values_list("code", "name")) if scope.is_national else None,
    )


def _filters(form: ItemFilterForm, organisation: Organisation | None) -> selectors.ItemFilters:
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    text = {key: data.get(key) or "" for key in ("kind", "status", "standard", "programme")}
    return selectors.ItemFilters(
        **text,
        overdue=data.get("overdue") == "yes",
        source=data.get("source") or "",
        region=data.get("region") or "",
        organisation_id=organisation.pk if organisation else None,
    )


def _reach(request: SignedInRequest, organisation: Organisation | None) -> str:
    if organisation is not None:
        return organisation.name
    scope = scope_for(request.user)
    if scope.is_national:
        return "Every region"
    return "Your region" if scope.region_ids else "Your organisation"


def _list_page(request: SignedInRequest, organisation: Organisation | None) -> HttpResponseBase:
    today = clock.today()
    form = _filter_form(request)
    items = selectors.item_list(request.user, _filters(form, organisation), today=today)
    export_format = request.GET.get("format")
    if export_format in EXPORT_FORMATS:
        rows = (_export_row(item, today) for item in items.iterator(chunk_size=2000))
        return table_download(export_format, "quality-register", EXPORT_HEADERS, rows)
    page = paginate(request, items)
    return render(
        request,
        "register/list.html",
        {
            "page_title": "Quality register" + (f": {organisation.name}" if organisation else ""),
            "reach": _reach(request, organisation),
            "organisation": organisation,
            "form": form,
            "counts": selectors.item_counts(items, today=today),
            "rows": [(item, _overdue(item, today)) for item in page.object_list],
            "page": page,
            "pagination": page_links(request, page),
            "query": request.GET.urlencode(),
            "page_error": form.is_bound and not form.is_valid(),
        },
    )


@require(can_view_register)
def item_list(request: SignedInRequest) -> HttpResponseBase:
    return _list_page(request, None)


@require(can_view_register)
def provider_items(request: SignedInRequest, pk: int) -> HttpResponseBase:
    organisation = get_object_or_404(
        Organisation.objects.visible_to(request.user).providers(), pk=pk
    )
    return _list_page(request, organisation)


def _may_take(request: SignedInRequest, item: QualityItem, step: str) -> bool:
    if step == SUBMIT:
        return answers_for(request.user, item)
    return step in REVIEW_STEPS and reviews(request.user, item)


@require(can_view_register)
def item_detail(request: SignedInRequest, pk: int) -> HttpResponse:
    item = selectors.item_get(request.user, pk)
    today = clock.today()
    return render(
        request,
        "register/item.html",
        {
            "page_title": f"Item {item.pk}: {item.get_kind_display()}",
            "item": item,
            "overdue": _overdue(item, today),
            "source_label": item.source_label or sources.label_of(item.source_kind),
            "source_link": sources.link_of(item.source_kind, item.source_id),
            "steps": [
                step
                for step in ITEM_WORKFLOW.available(item)
                if _may_take(request, item, step.name)
            ],
            "history": history.item_history(item),
        },
    )


_TEXT = {
    SUBMIT: ("The evidence", "Say what was done and what shows it, such as a document's name."),
    "accept": ("Comment (optional)", "Recorded in the item's history."),
    "return": ("Why the evidence is returned", "The provider sees this and answers it."),
    "escalate": ("Why the item is escalated", "Recorded in the item's history."),
    "de_escalate": ("Why the item is de-escalated", "Recorded in the item's history."),
}


@require(can_view_register)
def item_step(request: SignedInRequest, pk: int, step: str) -> HttpResponse:
    item = selectors.item_get(request.user, pk)
    transition = STEPS.get(step)
    if transition is None or not _may_take(request, item, step):
        raise Http404("No such step")
    label, hint = _TEXT[step]
    form = StepForm(posted(request), label=label, hint=hint)
    blocked = (
        ""
        if item.status in transition.sources
        else f"The item's status is {item.get_status_display().lower()}, so this step is not "
        "possible now."
    )
    return form_view(
        request,
        form,
        save=lambda: item_move(
            actor=request.user, item=item, step=step, text=form.cleaned_data.get("text", "")
        ),
        done=lambda _: (f"Done: {transition.label.lower()}", redirect("register:item", pk)),
        page=lambda: render(
            request,
            "register/step.html",
            {
                "page_title": f"{transition.label}: item {item.pk}",
                "item": item,
                "transition": transition,
                "form": form,
                "blocked": blocked,
                "back_url": reverse("register:item", args=[pk]),
                "page_error": bool(form.errors),
            },
        ),
    )

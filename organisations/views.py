"""The organisation register: list, search, download and one organisation's page."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render

from core import formatting, profile
from core.exports import EXPORT_FORMATS, table_download
from core.http import require
from core.pagination import page_links, paginate
from organisations import selectors
from organisations.forms import OrganisationFilterForm
from organisations.permissions import can_list_organisations

EXPORT_HEADERS = [
    "Name",
    "Type",
    "ODS code",
    "UKPRN",
    "Placement provider type",
    "Region",
    "Status",
    "Postcode",
    "Opened",
    "Closed",
]


@require(can_list_organisations)
def organisation_list(request: HttpRequest) -> HttpResponseBase:
    form = OrganisationFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    filters = selectors.OrganisationFilters(
        **{key: data.get(key) or "" for key in ("q", "kind", "provider_type", "region", "status")}
    )
    organisations = selectors.organisation_list(request.user, filters)
    export_format = request.GET.get("format")
    if export_format in EXPORT_FORMATS:
        rows = (
            [
                org.name,
                org.get_kind_display(),
                org.ods_code or "",
                org.ukprn or "",
                org.get_provider_type_display() if org.provider_type else "",
                org.region.name if org.region else "",
                org.get_status_display(),
                org.postcode,
                formatting.date(org.opened_on),
                formatting.date(org.closed_on),
            ]
            for org in organisations.iterator(chunk_size=2000)
        )
        return table_download(export_format, "organisations", EXPORT_HEADERS, rows)
    page = paginate(request, organisations)
    return render(
        request,
        "organisations/list.html",
        {
            "page_title": "Organisations",
            "form": form,
            "page": page,
            "pagination": page_links(request, page),
            "query": request.GET.urlencode(),
            "page_error": form.is_bound and not form.is_valid(),
        },
    )


@require(can_list_organisations)
def organisation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = selectors.organisation_get(request.user, pk)
    return render(
        request,
        "organisations/detail.html",
        {
            "page_title": organisation.name,
            "organisation": organisation,
            "sites": list(organisation.sites.all()),
            "profile_sections": profile.sections_for(request.user, organisation),
        },
    )

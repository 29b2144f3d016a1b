"""Administrators manage people and their roles in the service itself."""

from __future__ import annotations

from django import forms
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import render

from accounts import selectors
from accounts.permissions import can_manage_people
from accounts.roles import Role
from core.exports import EXPORT_FORMATS, table_download
from core.http import require
from core.pagination import page_links, paginate


class PeopleFilterForm(forms.Form):
    """Search people by name, e-mail or role."""

    q = forms.CharField(label="Name or e-mail address", required=False, max_length=100)
    role = forms.ChoiceField(
        label="Role", required=False, choices=[("", "Any role"), *Role.choices]
    )


@require(can_manage_people)
def people(request: HttpRequest) -> HttpResponseBase:
    form = PeopleFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    queryset = selectors.people_list(
        request.user, q=filters.get("q", ""), role=filters.get("role", "")
    )
    export_format = request.GET.get("format")
    if export_format in EXPORT_FORMATS:
        rows = (
            [
                person.full_name,
                person.email,
                "Active" if person.is_active else "Switched off",
                "; ".join(
                    f"{m.get_role_display()} at {m.organisation.name}"
                    for m in person.memberships.all()
                ),
            ]
            for person in queryset
        )
        return table_download(
            export_format, "people", ["Name", "E-mail address", "Status", "Roles"], rows
        )
    page = paginate(request, queryset)
    return render(
        request,
        "accounts/people.html",
        {
            "page_title": "People",
            "form": form,
            "page": page,
            "pagination": page_links(request, page),
            "query": request.GET.urlencode(),
        },
    )

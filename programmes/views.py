"""The programmes list, with the commissioned places each user can see."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import render

from core import academic_year
from core.exports import EXPORT_FORMATS, table_download
from core.http import require
from programmes import selectors
from programmes.models import ProfessionGroup


class ProgrammeFilterForm(forms.Form):
    """Search programmes and choose the academic year of the commission figures."""

    q = forms.CharField(label="Programme or profession", required=False, max_length=100)
    group = forms.ChoiceField(
        label="Group", required=False, choices=[("", "All groups"), *ProfessionGroup.choices]
    )
    year = forms.TypedChoiceField(
        label="Academic year", required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args: Any, years: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        year = cast(forms.ChoiceField, self.fields["year"])
        year.choices = [("", "All years")] + [(str(y), academic_year.label(y)) for y in years]


def _signed_in(user: object) -> bool:
    return True


@require(_signed_in)
def programme_list(request: HttpRequest) -> HttpResponseBase:
    years = selectors.commission_years()
    form = ProgrammeFilterForm(request.GET or None, years=years)
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    year = data.get("year")
    programmes = selectors.programme_list(
        request.user, q=data.get("q", ""), group=data.get("group", ""), year=year
    )
    export_format = request.GET.get("format")
    if export_format in EXPORT_FORMATS:
        groups = dict(ProfessionGroup.choices)
        rows = (
            [code, name, profession, groups.get(group, group), providers, places or 0]
            for code, name, profession, group, providers, places in cast(
                Any, programmes
            ).values_list(
                "code", "name", "profession__name", "profession__group", "provider_count", "places"
            )
        )
        headers = ["Code", "Programme", "Profession", "Group", "Education providers", "Places"]
        return table_download(export_format, "programmes", headers, rows)
    return render(
        request,
        "programmes/list.html",
        {
            "page_title": "Programmes",
            "form": form,
            "programmes": list(programmes),
            "year_label": academic_year.label(year) if year else "all years",
            "query": request.GET.urlencode(),
            "page_error": form.is_bound and not form.is_valid(),
        },
    )

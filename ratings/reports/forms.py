"""Filters of the ratings matrix."""

from __future__ import annotations

from typing import Any, cast

from django import forms

from core import academic_year
from organisations.models import Region
from programmes.models import ProfessionGroup
from ratings.models import RatingBand


class MatrixFilterForm(forms.Form):
    """Year, region, profession group and band of the ratings matrix."""

    year = forms.TypedChoiceField(label="Academic year", coerce=int, required=False)
    region = forms.ChoiceField(label="Region", required=False)
    group = forms.ChoiceField(
        label="Profession group",
        required=False,
        choices=[("", "Any profession group"), *ProfessionGroup.choices],
    )
    band = forms.ChoiceField(
        label="Rating", required=False, choices=[("", "Any rating"), *RatingBand.choices]
    )

    def __init__(self, *args: Any, years: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        year_field = cast(forms.TypedChoiceField, self.fields["year"])
        year_field.choices = [(year, academic_year.label(year)) for year in years]
        region = cast(forms.ChoiceField, self.fields["region"])
        region.choices = [("", "Any region")] + [
            (code, name) for code, name in Region.objects.values_list("code", "name")
        ]

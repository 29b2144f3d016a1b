"""Forms for the organisation register."""

from __future__ import annotations

from typing import Any, cast

from django import forms

from organisations.kinds import OrganisationKind
from organisations.models import ProviderType, Region, Status


class OrganisationFilterForm(forms.Form):
    """Search and filter the organisation list."""

    q = forms.CharField(label="Name, ODS code, UKPRN or postcode", required=False, max_length=100)
    kind = forms.ChoiceField(
        label="Type of organisation",
        required=False,
        choices=[("", "Any type"), *OrganisationKind.choices],
    )
    provider_type = forms.ChoiceField(
        label="Placement provider type",
        required=False,
        choices=[("", "Any"), *ProviderType.choices],
    )
    region = forms.ChoiceField(label="Region", required=False)
    status = forms.ChoiceField(
        label="Status", required=False, choices=[("", "Open or closed"), *Status.choices]
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        region = cast(forms.ChoiceField, self.fields["region"])
        region.choices = [("", "Any region")] + [
            (code, name) for code, name in Region.objects.values_list("code", "name")
        ]

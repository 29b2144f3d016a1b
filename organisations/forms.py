"""Forms for the organisation register."""

from __future__ import annotations

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

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["region"].choices = [("", "Any region")] + [  # type: ignore[attr-defined]
            (code, name) for code, name in Region.objects.values_list("code", "name")
        ]

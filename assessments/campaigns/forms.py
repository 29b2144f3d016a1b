"""Forms of the campaign pages: opening a campaign, the dashboard filters, an extension."""

from __future__ import annotations

from typing import Any, cast

from django import forms

from assessments.models import FrameworkVersion, SubmissionStatus
from core import academic_year
from core.forms import ServiceForm, date_field
from organisations.models import ProviderType, Region

DATE_HINT = "For example, 2026-09-01"


def _date(label: str, what: str, hint: str = DATE_HINT) -> forms.DateField:
    return date_field(
        label,
        required=f"Enter the {what}",
        invalid=f"Enter the {what} as a real date, for example 2026-09-01",
        hint=hint,
    )


class CampaignOpenForm(ServiceForm):
    """Year, name, framework version, providers in scope and dates of a new campaign."""

    academic_year = forms.TypedChoiceField(
        label="Academic year",
        coerce=int,
        error_messages={
            "required": "Choose the academic year",
            "invalid_choice": "Choose one of the academic years listed",
        },
    )
    name = forms.CharField(
        label="Campaign name",
        max_length=200,
        help_text="Providers see this name in the e-mail and on their self-assessment.",
        error_messages={
            "required": "Enter a name for the campaign",
            "max_length": "The campaign name must be 200 characters or fewer",
        },
    )
    framework_version = forms.ModelChoiceField(
        label="Framework version",
        queryset=FrameworkVersion.objects.order_by("-code"),
        empty_label="Choose a framework version",
        error_messages={
            "required": "Choose the framework version",
            "invalid_choice": "Choose one of the framework versions listed",
        },
    )
    provider_types = forms.MultipleChoiceField(
        label="Provider types",
        required=False,
        choices=ProviderType.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text="Leave them all unticked to include every type.",
        error_messages={"invalid_choice": "Choose provider types from the list"},
    )
    region_ids = forms.TypedMultipleChoiceField(
        label="Regions",
        required=False,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        help_text="Leave them all unticked to include every region.",
        error_messages={"invalid_choice": "Choose regions from the list"},
    )
    opens_on = _date("Opens on", "date the campaign opens")
    due_on = _date("Due on", "date submissions are due")
    notify = forms.BooleanField(
        label="E-mail each provider's contributors that the campaign is open",
        required=False,
        initial=True,
    )

    def __init__(self, *args: Any, this_year: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["academic_year"]).choices = [
            ("", "Choose a year"),
            *((year, academic_year.label(year)) for year in range(this_year - 1, this_year + 3)),
        ]
        cast(forms.ChoiceField, self.fields["region_ids"]).choices = list(
            Region.objects.order_by("name").values_list("pk", "name")
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        opens_on, due_on = data.get("opens_on"), data.get("due_on")
        if opens_on and due_on and due_on < opens_on:
            self.add_error("due_on", "The due date must be the same as or after the open date")
        return data


class DashboardFilterForm(forms.Form):
    """Region, provider type and status of the campaign dashboard."""

    region = forms.TypedChoiceField(
        label="Region",
        coerce=int,
        required=False,
        empty_value=None,
        error_messages={"invalid_choice": "Choose a region from the list"},
    )
    provider_type = forms.ChoiceField(
        label="Provider type",
        required=False,
        choices=[("", "Any type"), *ProviderType.choices],
        error_messages={"invalid_choice": "Choose a provider type from the list"},
    )
    status = forms.ChoiceField(
        label="Status",
        required=False,
        choices=[("", "Any status"), *SubmissionStatus.choices],
        error_messages={"invalid_choice": "Choose a status from the list"},
    )

    def __init__(self, *args: Any, regions: list[Region], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["region"]).choices = [
            ("", "Any region"),
            *((region.pk, region.name) for region in regions),
        ]


class ExtensionForm(ServiceForm):
    """A later due date for one provider, and why."""

    due_on = _date("New due date", "new due date")
    reason = forms.CharField(
        label="Why the provider is given more time",
        max_length=2000,
        widget=forms.Textarea,
        help_text="Recorded in the submission's history and shown on the dashboard.",
        error_messages={
            "required": "Enter why the provider is given an extension",
            "max_length": "The reason must be 2000 characters or fewer",
        },
    )

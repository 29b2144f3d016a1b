"""The national report's settings form."""

from __future__ import annotations

from django import forms

from assessments.report.services import INTRODUCTION_LIMIT, MIN_GROUP_SIZE_LIMIT
from core.forms import ServiceForm


class ReportSettingsForm(ServiceForm):
    min_group_size = forms.IntegerField(
        label="Smallest group shown",
        help_text="Regions, provider types and standards with fewer submissions than this are "
        "shown as suppressed, never as a number.",
        min_value=1,
        max_value=MIN_GROUP_SIZE_LIMIT,
        error_messages={
            "required": "Enter the smallest group shown",
            "invalid": "The smallest group shown must be a whole number, like 5",
            "min_value": "The smallest group shown must be 1 or more",
            "max_value": f"The smallest group shown must be {MIN_GROUP_SIZE_LIMIT} or fewer",
        },
    )
    introduction = forms.CharField(
        label="Introduction (optional)",
        help_text="Shown at the top of the published report.",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=INTRODUCTION_LIMIT,
        error_messages={
            "max_length": f"The introduction must be {INTRODUCTION_LIMIT} characters or fewer"
        },
    )


class PublishForm(ServiceForm):
    """Nothing to fill in: the page asks for confirmation."""

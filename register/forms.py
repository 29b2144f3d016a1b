"""Forms of the quality register: the list's filters and the steps of an item."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast

from django import forms

from core.forms import ServiceForm
from core.text import TEXT_LIMIT
from register.models import ItemKind, ItemStatus


class ItemFilterForm(forms.Form):
    """Narrow a register list by kind, status, overdue, standard, programme, source, region."""

    kind = forms.ChoiceField(
        label="Kind of item", required=False, choices=[("", "Any kind"), *ItemKind.choices]
    )
    status = forms.ChoiceField(
        label="Status", required=False, choices=[("", "Any status"), *ItemStatus.choices]
    )
    overdue = forms.ChoiceField(
        label="Overdue",
        required=False,
        choices=[("", "Overdue or not"), ("yes", "Only overdue items")],
    )
    standard = forms.ChoiceField(label="Standard", required=False)
    programme = forms.ChoiceField(label="Programme", required=False)
    source = forms.ChoiceField(label="Where it came from", required=False)
    region = forms.ChoiceField(label="Region", required=False)

    def __init__(
        self,
        *args: Any,
        standards: Sequence[str],
        programmes: Sequence[tuple[str, str]],
        sources: Sequence[tuple[str, str]],
        regions: Sequence[tuple[str, str]] | None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        choices = {
            "standard": [("", "Any standard"), *((ref, ref) for ref in standards)],
            "programme": [("", "Any programme"), *programmes],
            "source": [("", "Anywhere"), *sources],
        }
        for name, options in choices.items():
            cast(forms.ChoiceField, self.fields[name]).choices = options
        if regions is None:
            del self.fields["region"]
        else:
            cast(forms.ChoiceField, self.fields["region"]).choices = [
                ("", "Any region"),
                *regions,
            ]


class StepForm(ServiceForm):
    """One step of an item: the evidence for a submission, the reason for the others."""

    text = forms.CharField(
        required=False,
        max_length=TEXT_LIMIT,
        widget=forms.Textarea,
        error_messages={"max_length": f"The text must be {TEXT_LIMIT:,} characters or fewer"},
    )

    def __init__(self, *args: Any, label: str, hint: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["text"].label = label
        self.fields["text"].help_text = hint

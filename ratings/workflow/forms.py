"""Forms of the ratings workflow: transitions, queries, answers, replies, actions, corrections."""

from __future__ import annotations

from typing import Any, cast

from django import forms

from core import academic_year
from core.forms import ServiceForm, date_field
from organisations.models import Region
from ratings.models import Kpi


def _text(
    label: str, required_message: str, *, required: bool = True, hint: str = ""
) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=5000,
        help_text=hint,
        widget=forms.Textarea,
        error_messages={
            "required": required_message,
            "max_length": f"{label} must be 5000 characters or fewer",
        },
    )


class TransitionForm(ServiceForm):
    """Confirm a workflow step, saying why; opening the preview also needs its closing date."""

    reason = _text(
        "Why (recorded in the round's history)",
        "Enter why",
        required=False,
        hint="Optional, except when returning the ratings to draft or approving them before "
        "the provider preview closes (providers see that reason).",
    )

    def __init__(self, *args: Any, needs_date: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if needs_date:
            self.fields["preview_closes_on"] = date_field(
                "Date the provider preview closes",
                required="Enter the date the provider preview closes",
                invalid="Enter a real date for the provider preview to close",
                hint="Providers can query their draft ratings until the end of this day.",
            )
            self.order_fields(["preview_closes_on", "reason"])


class ComputeForm(ServiceForm):
    """Which region's ratings of which academic year to compute."""

    round = forms.ChoiceField(
        label="Ratings to compute",
        choices=[],
        error_messages={
            "required": "Choose the region and academic year to compute",
            "invalid_choice": "Choose a region and academic year that a methodology covers",
        },
    )

    def __init__(self, *args: Any, rounds: list[tuple[int, Region]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.regions = {region.code: region for _, region in rounds}
        field = cast(forms.ChoiceField, self.fields["round"])
        field.choices = [
            (round_key(year, region.code), f"{region.name}, {academic_year.label(year)}")
            for year, region in rounds
        ]

    def chosen(self) -> tuple[int, Region]:
        """The academic year and the region of the valid choice."""
        year, _, code = self.cleaned_data["round"].partition("-")
        return int(year), self.regions[code]


def round_key(year: int, region_code: str) -> str:
    """How the compute form names a region's round of a year: "2025-LON"."""
    return f"{year}-{region_code}"


class QueryForm(ServiceForm):
    """A provider's question about one KPI value."""

    kpi = forms.ModelChoiceField(
        label="Which KPI is your query about?",
        queryset=Kpi.objects.none(),
        empty_label="Choose a KPI",
        error_messages={
            "required": "Choose the KPI your query is about",
            "invalid_choice": "Choose a KPI of this rating",
        },
    )
    question = _text(
        "Your query",
        "Enter your query",
        hint="Say which value you think is wrong and what it should be, with your source.",
    )

    def __init__(self, *args: Any, codes: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        kpi = cast("forms.ModelChoiceField[Kpi]", self.fields["kpi"])
        kpi.queryset = Kpi.objects.filter(code__in=codes).order_by("name")


class AnswerForm(ServiceForm):
    answer = _text("Your answer", "Enter your answer")


class ReplyForm(ServiceForm):
    text = _text(
        "Your right of reply",
        "Enter your right of reply",
        hint="Published beside your ratings. Keep it factual: readers see it next to the rating.",
    )


class ActionForm(ServiceForm):
    """One action of an improvement plan."""

    description = _text("What will be done", "Enter what will be done")
    owner = forms.CharField(
        label="Who owns the action",
        max_length=200,
        help_text="A named person or role, for example Head of Nursing Education.",
        error_messages={
            "required": "Enter who owns the action",
            "max_length": "The owner must be 200 characters or fewer",
        },
    )
    due_on = date_field(
        "Due date",
        required="Enter the date the action is due",
        invalid="Enter a real date for the action to be due",
    )


class ActionDoneForm(ServiceForm):
    """The date an improvement plan's action was done."""

    done_on = date_field(
        "Date it was done",
        required="Enter the date the action was done",
        invalid="Enter a real date for when the action was done",
    )


class CloseForm(ServiceForm):
    reason = _text("Why the follow-up can close", "Enter why", required=False)


class CorrectionForm(ServiceForm):
    note = _text(
        "Correction note",
        "Enter a note saying what was corrected and why",
        hint="Shown on the rating page beside the new revision.",
    )

"""Forms of the regional review: notes on answers, responses, the list filter."""

from __future__ import annotations

from typing import Any

from django import forms

from assessments.models import Campaign, ReviewNote, SubmissionStatus


class NoteForm(forms.Form):
    """A flag, a request for clarification or a concern about one answer."""

    kind = forms.ChoiceField(
        label="What kind of note is it?",
        widget=forms.RadioSelect,
        choices=[
            (ReviewNote.Kind.FLAG, "Flag it for the quality team"),
            (ReviewNote.Kind.CLARIFICATION, "Ask the provider to clarify (they get an e-mail)"),
            (ReviewNote.Kind.CONCERN, "Record a concern (for the quality register)"),
        ],
        error_messages={
            "required": "Choose whether this is a flag, a clarification or a concern",
            "invalid_choice": "Choose whether this is a flag, a clarification or a concern",
        },
    )
    note = forms.CharField(
        label="Note",
        max_length=5000,
        widget=forms.Textarea,
        error_messages={
            "required": "Enter your note",
            "max_length": "The note must be 5000 characters or fewer",
        },
    )


class ResponseForm(forms.Form):
    """A contributor's answer to a request for clarification."""

    response = forms.CharField(
        label="Your answer",
        max_length=5000,
        widget=forms.Textarea,
        error_messages={
            "required": "Enter your answer",
            "max_length": "Your answer must be 5000 characters or fewer",
        },
    )


class ReviewFilterForm(forms.Form):
    """Narrow the review list by campaign and status."""

    campaign = forms.ModelChoiceField(
        label="Campaign",
        required=False,
        queryset=Campaign.objects.order_by("-academic_year"),
        empty_label="Any campaign",
    )
    status = forms.ChoiceField(
        label="Status",
        required=False,
        choices=[("", "Any status"), *SubmissionStatus.choices],
    )

    def cleaned(self) -> dict[str, Any]:
        if not self.is_valid():
            return {"campaign": None, "status": ""}
        return self.cleaned_data

"""The upload form for organisation imports."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings

from core.imports.errors import describe_size
from organisations.imports.moves import MOVE_REGIONS_LABEL
from organisations.models import ImportRun


class ImportUploadForm(forms.Form):
    """Choose what kind of file it is and the file itself."""

    source = forms.ChoiceField(
        label="What are you importing?",
        choices=ImportRun.Source.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select what you are importing"},
    )
    file = forms.FileField(
        label="Upload a file",
        error_messages={
            "required": "Select a CSV file to import",
            "empty": "The selected file is empty",
            "invalid": "Select a CSV file to import",
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields[
            "file"
        ].help_text = (
            f"A CSV file saved as UTF-8, up to {describe_size(settings.IMPORT_MAX_BYTES)}."
        )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > settings.IMPORT_MAX_BYTES:
            # Refused on its declared size, before a byte of it is parsed.
            raise forms.ValidationError(
                f"The selected file is {describe_size(upload.size)}; it must be smaller "
                f"than {describe_size(settings.IMPORT_MAX_BYTES)}"
            )
        return upload


class ImportConfirmForm(forms.Form):
    """Confirm a previewed import: the plan's fingerprint, and the box that agrees to move
    organisations to another region (shown only when the file moves some)."""

    fingerprint = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)
    move_regions = forms.BooleanField(
        label=MOVE_REGIONS_LABEL,
        required=False,
        help_text=(
            "Their people, ratings and self-assessments move with them: the new region's "
            "team will see them and the old region's will not."
        ),
    )

"""The upload form for KPI value files."""

from __future__ import annotations

from typing import Any

from django import forms

from core.imports.errors import describe_size
from ratings.imports.parsing import max_bytes


class KpiImportForm(forms.Form):
    file = forms.FileField(
        label="Upload a file",
        error_messages={
            "required": "Select a CSV or Excel file to import",
            "empty": "The selected file is empty",
            "invalid": "Select a CSV or Excel file to import",
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = (
            f"A CSV file saved as UTF-8, or an Excel workbook (.xlsx), "
            f"up to {describe_size(max_bytes())}."
        )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        limit = max_bytes()
        if upload.size > limit:
            # Refused on its declared size, before a byte of it is read.
            raise forms.ValidationError(
                f"The selected file is {describe_size(upload.size)}; it must be no larger "
                f"than {describe_size(limit)}"
            )
        return upload

"""The one field every two-step page asks for: a code."""

from __future__ import annotations

from django import forms

from core.forms import ServiceForm


class CodeForm(ServiceForm):
    code = forms.CharField(
        label="Code",
        max_length=20,
        strip=True,
        error_messages={"required": "Enter the code from your authenticator app"},
    )

"""Forms of sign-off: choose the signatory, sign or return, reopen, check a hash."""

from __future__ import annotations

from typing import Any, cast

from django import forms

from accounts.models import User


def _text(label: str, required_message: str, *, hint: str = "") -> Any:
    return forms.CharField(
        label=label,
        max_length=5000,
        help_text=hint,
        widget=forms.Textarea,
        error_messages={
            "required": required_message,
            "max_length": f"{label} must be 5000 characters or fewer",
        },
    )


class SendForm(forms.Form):
    """Which of the provider's executives signs it off."""

    signatory = forms.TypedChoiceField(
        label="Who should sign it off?",
        coerce=int,
        widget=forms.RadioSelect,
        choices=[],
        error_messages={
            "required": "Choose the executive who will sign it off",
            "invalid_choice": "Choose one of your organisation's executive signatories",
        },
    )

    def __init__(self, *args: Any, executives: list[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        signatory = cast(forms.ChoiceField, self.fields["signatory"])
        signatory.choices = [
            (str(person.pk), f"{person.full_name} ({person.email})") for person in executives
        ]


class SignForm(forms.Form):
    """The declaration, and the hash of the page the executive read."""

    confirm = forms.BooleanField(
        label="I confirm the declaration above",
        error_messages={"required": "Confirm the declaration to sign off"},
    )
    # Not required here: a missing or stale hash is refused by the service with its message.
    seen_hash = forms.CharField(widget=forms.HiddenInput, max_length=64, required=False)


class ReturnForm(forms.Form):
    """Why the executive sends it back."""

    comment = _text(
        "What should the contributors change?",
        "Enter what the contributors should change",
        hint="The contributors get this by e-mail and it stays in the history.",
    )


class ReopenForm(forms.Form):
    """Why the quality team reopens a submitted self-assessment."""

    reason = _text(
        "Why is it being reopened?",
        "Enter why the self-assessment is reopened",
        hint="The contributors get this by e-mail and it stays in the history.",
    )


class VerifyForm(forms.Form):
    """A hash someone holds (from the sign-off e-mail or a printed page), to compare."""

    sha256 = forms.RegexField(
        label="Content hash to check",
        regex=r"^\s*[0-9a-fA-F]{64}\s*$",
        required=False,
        help_text="The 64 letters and digits shown when it was signed off.",
        error_messages={"invalid": "Enter a content hash of 64 letters a to f and digits"},
        widget=forms.TextInput(attrs={"spellcheck": "false", "autocomplete": "off"}),
    )

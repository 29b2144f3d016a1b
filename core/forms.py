"""Forms shared by every app: the base of forms whose data goes to a service, and the
filter forms of list pages."""

from __future__ import annotations

from typing import Any, cast

from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django import forms
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError


class ServiceForm(forms.Form):
    """A form whose cleaned data a service checks again: the service's refusal (a
    ValidationError) is shown against the fields it names, or above the form."""

    def apply_errors(self, error: ValidationError) -> None:
        if hasattr(error, "error_dict"):
            for name, errors in error.error_dict.items():
                self.add_error(name if name in self.fields else None, errors)
        else:
            self.add_error(None, error)


def date_field(label: str, *, required: str, invalid: str, hint: str = "") -> forms.DateField:
    """A required date, typed in the browser's date picker (sent as YYYY-MM-DD), with the
    messages to show when it is missing and when it is not a real date."""
    return forms.DateField(
        label=label,
        help_text=hint,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": required, "invalid": invalid},
    )


def _audited_model_choices() -> list[tuple[str, str]]:
    models = sorted(auditlog.get_models(), key=lambda m: str(m._meta.verbose_name))
    types = ContentType.objects.get_for_models(*models)
    return [("", "Any record type")] + [
        (str(types[m].pk), str(m._meta.verbose_name).capitalize()) for m in models
    ]


class AuditFilterForm(forms.Form):
    """Narrow the audit trail by who, what and when."""

    q = forms.CharField(label="Record contains", required=False, max_length=100)
    actor = forms.CharField(label="Changed by (name or e-mail)", required=False, max_length=100)
    record_type = forms.ChoiceField(label="Record type", required=False)
    action = forms.ChoiceField(
        label="Change",
        required=False,
        choices=[("", "Any change")]
        + [(str(v), str(label)) for v, label in LogEntry.Action.choices],
    )
    date_from = forms.DateField(
        label="From date", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label="To date", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        record_type = cast(forms.ChoiceField, self.fields["record_type"])
        record_type.choices = _audited_model_choices()

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", "The to date must be the same as or after the from date")
        return data

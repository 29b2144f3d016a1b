"""Filter forms shared by list pages."""

from __future__ import annotations

from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django import forms
from django.contrib.contenttypes.models import ContentType


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

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["record_type"].choices = _audited_model_choices()  # type: ignore[attr-defined]

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", "The to date must be the same as or after the from date")
        return data

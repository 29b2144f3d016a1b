"""Forms for creating and changing methodologies; the services hold the rules."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet

from core import academic_year
from core.forms import ServiceForm
from organisations.models import Region
from ratings.definitions.services import (
    CAP_CHOICES,
    FIELD_LABELS,
    KPI_FIELDS,
    KpiSettings,
    OverallSettings,
    kpi_field_key,
    qcpm_regions,
)
from ratings.models import Kpi, Methodology, MethodologyKpi

DEFAULTS = "defaults"


def plain(value: Any) -> Any:
    """A stored decimal without its padding zeros (95.0000 is shown as 95)."""
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return value


def _number(
    label: str, what: str, *, max_digits: int = 12, decimal_places: int = 4, **kwargs: Any
) -> forms.DecimalField:
    """A number field whose every message says which number is wrong."""
    return forms.DecimalField(
        label=label,
        max_digits=max_digits,
        decimal_places=decimal_places,
        error_messages={
            "required": f"Enter the {what}",
            "invalid": f"Enter the {what} as a number, like 85 or 2.5",
            "max_digits": f"The {what} has too many digits",
            "max_whole_digits": f"The {what} is too large",
            "max_decimal_places": f"The {what} can have at most {decimal_places} decimal places",
            "min_value": f"The {what} must be %(limit_value)s or more",
            "max_value": f"The {what} must be %(limit_value)s or less",
        },
        **kwargs,
    )


def _year_field() -> forms.CharField:
    return forms.CharField(
        label="Academic year",
        help_text="For example, 2026/27",
        max_length=12,
        error_messages={"required": "Enter the academic year, like 2026/27"},
    )


def _regions_field() -> forms.TypedMultipleChoiceField:
    return forms.TypedMultipleChoiceField(
        label="Regions it covers",
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        help_text="The regions whose commissioning teams rate their programmes with it. Each "
        "region's ratings are computed, previewed, approved and published on their own, by "
        "that region's contract managers.",
        error_messages={
            "required": "Choose the regions whose commissioning teams rate with this methodology",
            "invalid_choice": "Choose regions from the list",
        },
    )


def _offer_regions(form: forms.Form) -> None:
    cast(forms.ChoiceField, form.fields["regions"]).choices = list(
        Region.objects.order_by("name").values_list("pk", "name")
    )


def _clean_year(text: str) -> int:
    try:
        return academic_year.parse(text)
    except ValueError as error:
        raise ValidationError(str(error)) from None


class MethodologyCreateForm(ServiceForm):
    """A new year's methodology, from the defaults or copied from another year."""

    year = _year_field()
    start_from = forms.ChoiceField(
        label="Start from",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose where the new methodology's settings come from",
            "invalid_choice": "Choose where the new methodology's settings come from",
        },
    )

    regions = _regions_field()

    def __init__(self, *args: Any, sources: Iterable[Methodology], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _offer_regions(self)
        self.fields["regions"].initial = [region.pk for region in qcpm_regions()]
        self.sources = {str(m.pk): m for m in sources}
        cast(forms.ChoiceField, self.fields["start_from"]).choices = [
            (DEFAULTS, "The default settings"),
            *((pk, f"A copy of the {m.year_label} methodology") for pk, m in self.sources.items()),
        ]

    def clean_year(self) -> int:
        return _clean_year(self.cleaned_data["year"])

    def source(self) -> Methodology | None:
        return self.sources.get(self.cleaned_data["start_from"])


class MethodologyCloneForm(ServiceForm):
    """The year a copy of a methodology is for, and the regions it covers."""

    year = _year_field()
    regions = _regions_field()

    def __init__(self, *args: Any, source: Methodology, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _offer_regions(self)
        self.fields["regions"].initial = list(source.regions.values_list("pk", flat=True))

    def clean_year(self) -> int:
        return _clean_year(self.cleaned_data["year"])


class OverallSettingsForm(ServiceForm):
    """A methodology's name, notes, cut-offs, critical cap, coverage and suppression."""

    name = forms.CharField(
        label="Name", max_length=120, error_messages={"required": "Enter a name"}
    )
    regions = _regions_field()
    notes = forms.CharField(
        label="Notes",
        required=False,
        widget=forms.Textarea,
        help_text="Why the settings are what they are, for people reading ratings later",
    )
    green_min_score = _number(
        "Green cut-off", "green cut-off", max_digits=4, decimal_places=2, help_text="0 to 3"
    )
    high_amber_min_score = _number(
        "High amber cut-off", "high amber cut-off", max_digits=4, decimal_places=2
    )
    low_amber_min_score = _number(
        "Low amber cut-off", "low amber cut-off", max_digits=4, decimal_places=2
    )
    critical_cap = forms.ChoiceField(
        label="Best rating when a critical KPI is red",
        choices=CAP_CHOICES,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose the best rating a programme with a critical red can get",
            "invalid_choice": "Choose the best rating a programme with a critical red can get",
        },
    )
    min_coverage = forms.IntegerField(
        label="Minimum coverage (%)",
        min_value=0,
        max_value=100,
        help_text=(
            "The share of the KPIs' total weight that must have data that can be scored, "
            "or the programme is not rated"
        ),
        error_messages={
            "required": "Enter the minimum coverage",
            "invalid": "Enter the minimum coverage as a whole number of per cent, like 60",
            "min_value": "The minimum coverage must be between 0% and 100%",
            "max_value": "The minimum coverage must be between 0% and 100%",
        },
    )
    small_number_threshold = forms.IntegerField(
        label="Small-number threshold",
        min_value=0,
        help_text="A ratio KPI counted over fewer learners than this is shown but not scored",
        error_messages={
            "required": "Enter the small-number threshold",
            "invalid": "Enter the small-number threshold as a whole number, like 10",
            "min_value": "The small-number threshold must be 0 or more",
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _offer_regions(self)

    @staticmethod
    def initial_for(methodology: Methodology) -> dict[str, Any]:
        initial = {
            name: plain(value) for name, value in vars(OverallSettings.of(methodology)).items()
        }
        initial["min_coverage"] = int(methodology.min_coverage * 100)
        initial["regions"] = sorted(initial["regions"] or [])
        return initial

    def settings(self) -> OverallSettings:
        data = self.cleaned_data
        return OverallSettings(
            name=data["name"],
            notes=data["notes"],
            green_min_score=data["green_min_score"],
            high_amber_min_score=data["high_amber_min_score"],
            low_amber_min_score=data["low_amber_min_score"],
            critical_cap=data["critical_cap"],
            min_coverage=Decimal(data["min_coverage"]) / 100,
            small_number_threshold=data["small_number_threshold"],
            regions=frozenset(data["regions"]),
        )


def _kpi_fields(what: str) -> dict[str, forms.Field]:
    """The settings fields of one KPI; ``what`` names the KPI in messages ("" for none)."""
    of = f" for {what}" if what else ""
    fields: dict[str, forms.Field] = {
        name: _number(FIELD_LABELS[name].capitalize(), f"{FIELD_LABELS[name]}{of}")
        for name in KPI_FIELDS[:4]
    }
    fields["weight"] = _number(
        "Weight", f"weight{of}", max_digits=6, decimal_places=2, min_value=Decimal(0)
    )
    fields["critical"] = forms.BooleanField(
        label="Critical: a red here caps the overall rating", required=False
    )
    return fields


def _settings_from(data: dict[str, Any], key: Any = lambda name: name) -> KpiSettings:
    return KpiSettings(**{name: data[key(name)] for name in KPI_FIELDS})


class KpiSettingsForm(ServiceForm):
    """Every KPI's settings in a methodology, one row of fields per KPI."""

    def __init__(self, data: Any = None, *, settings: list[MethodologyKpi]) -> None:
        initial = {
            kpi_field_key(s.kpi.code, name): plain(getattr(s, name))
            for s in settings
            for name in KPI_FIELDS
        }
        super().__init__(data, initial=initial)
        self.settings = settings
        for setting in settings:
            for name, field in _kpi_fields(setting.kpi.name).items():
                self.fields[kpi_field_key(setting.kpi.code, name)] = field

    def rows(self) -> list[dict[str, Any]]:
        """For the template: each KPI with its bound fields by setting name."""
        return [
            {
                "setting": setting,
                "fields": {
                    name: self[kpi_field_key(setting.kpi.code, name)] for name in KPI_FIELDS
                },
            }
            for setting in self.settings
        ]

    def changes(self) -> dict[str, KpiSettings]:
        return {
            s.kpi.code: _settings_from(
                self.cleaned_data, lambda name, code=s.kpi.code: kpi_field_key(code, name)
            )
            for s in self.settings
        }


class KpiAddForm(ServiceForm):
    """A KPI to add to a methodology, with its settings."""

    kpi = forms.ModelChoiceField(
        label="KPI",
        queryset=Kpi.objects.none(),
        error_messages={
            "required": "Choose a KPI to add",
            "invalid_choice": "Choose a KPI that is not in this methodology yet",
        },
    )

    def __init__(self, *args: Any, kpis: QuerySet[Kpi], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        kpi_field = cast("forms.ModelChoiceField[Kpi]", self.fields["kpi"])
        kpi_field.queryset = kpis
        kpi_field.empty_label = "Choose a KPI"
        self.fields.update(_kpi_fields(""))
        self.fields["weight"].initial = Decimal(1)

    def settings(self) -> KpiSettings:
        return _settings_from(self.cleaned_data)

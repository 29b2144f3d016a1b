"""KPI values per education provider, programme and year, with their provenance."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models

from core.imports.models import ImportRunBase
from core.scope import scope_of

if TYPE_CHECKING:
    from accounts.models import Viewer


class KpiImportQuerySet(models.QuerySet["KpiImport"]):
    def visible_to(self, who: Viewer) -> KpiImportQuerySet:
        """Every import nationally; otherwise the ones the person uploaded."""
        if scope_of(who).is_national:
            return self
        if not who.is_authenticated:
            return self.none()
        return self.filter(uploaded_by_id=who.pk)


class KpiImport(ImportRunBase):
    """One uploaded file of KPI values: who sent it, its state and what it changed.

    A run of the import pipeline (``core.imports``); its statuses are worded for KPI files.
    """

    class Status(models.TextChoices):
        CHECKING = "checking", "Being checked"
        REFUSED = "refused", "Refused: the file has errors"
        PREVIEWED = "previewed", "Checked, waiting for confirmation"
        QUEUED = "queued", "Waiting to be imported"
        RUNNING = "running", "Importing"
        IMPORTED = "imported", "Imported"
        FAILED = "failed", "Failed"

    upload_folder = "kpi-imports"

    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PREVIEWED)

    objects = KpiImportQuerySet.as_manager()

    class Meta:
        ordering = ["-uploaded_at"]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.get_status_display()})"


class KpiValue(models.Model):
    """The current value of one KPI for an education provider's programme in one year."""

    education_provider = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="kpi_values"
    )
    programme = models.ForeignKey(
        "programmes.Programme", on_delete=models.PROTECT, related_name="kpi_values"
    )
    academic_year = models.PositiveSmallIntegerField()
    kpi = models.ForeignKey("ratings.Kpi", on_delete=models.PROTECT, related_name="values")
    # For a ratio KPI, value is numerator / denominator as the unit says (per cent: x 100).
    value = models.DecimalField(max_digits=12, decimal_places=4, null=True, blank=True)
    numerator = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    denominator = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    source = models.ForeignKey(
        KpiImport, null=True, blank=True, on_delete=models.SET_NULL, related_name="values"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["academic_year", "education_provider", "programme", "kpi"],
                name="ratings_kpivalue_unique",
            ),
        ]
        indexes = [models.Index(fields=["academic_year", "programme", "kpi"])]

    def __str__(self) -> str:
        return (
            f"{self.kpi_id} {self.education_provider_id}/{self.programme_id}/{self.academic_year}"
        )


class KpiValueHistory(models.Model):
    """A value as it was before an import replaced it: the history behind every change."""

    kpi_value = models.ForeignKey(KpiValue, on_delete=models.CASCADE, related_name="history")
    value = models.DecimalField(max_digits=12, decimal_places=4, null=True, blank=True)
    numerator = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    denominator = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    source = models.ForeignKey(
        KpiImport, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    replaced_by = models.ForeignKey(
        KpiImport, null=True, blank=True, on_delete=models.SET_NULL, related_name="replaced"
    )
    replaced_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-replaced_at"]
        verbose_name_plural = "KPI value history"

    def __str__(self) -> str:
        return f"Earlier value of {self.kpi_value}"

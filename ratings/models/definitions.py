"""What is measured (KPIs) and how a year's measures become ratings (methodologies)."""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from core import academic_year
from core.formatting import and_list


class Unit(models.TextChoices):
    PERCENT = "percent", "Percentage"
    SCORE = "score", "Score"
    DAYS = "days", "Days"
    COUNT = "count", "Count"


class Direction(models.TextChoices):
    HIGHER = "higher", "Higher is better"
    LOWER = "lower", "Lower is better"


class Computation(models.TextChoices):
    VALUE = "value", "A single value"
    RATIO = "ratio", "Numerator over denominator"


class Kpi(models.Model):
    """A key performance indicator, such as recruitment fill rate."""

    code = models.CharField(max_length=32, unique=True)
    name = models.CharField(max_length=120, unique=True)
    description = models.TextField(blank=True)
    unit = models.CharField(max_length=16, choices=Unit.choices)
    direction = models.CharField(max_length=8, choices=Direction.choices)
    computation = models.CharField(max_length=8, choices=Computation.choices)
    data_source = models.CharField(max_length=200, blank=True)
    # A percentage of a commissioned number (starters against places) can pass 100; a share
    # of a group (leavers among starters) cannot.
    may_exceed_100 = models.BooleanField(default=False)
    # Empty means the KPI applies to every profession.
    professions = models.ManyToManyField("programmes.Profession", blank=True, related_name="kpis")
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Methodology(models.Model):
    """The rule for one academic year's ratings: per-KPI targets and bands, and cut-offs.

    Band points are red 0, low amber 1, high amber 2, green 3; the overall score is the
    weighted mean of the scored KPIs' points, so cut-offs lie between 0 and 3. It covers the
    regions whose commissioning teams rate with it; each of them has its own round.
    """

    academic_year = models.PositiveSmallIntegerField(
        unique=True,
        validators=[
            MinValueValidator(academic_year.EARLIEST),
            MaxValueValidator(academic_year.LATEST),
        ],
    )
    name = models.CharField(max_length=120)
    notes = models.TextField(blank=True)
    # The regions whose commissioning teams rate their programmes with it (one round each).
    regions = models.ManyToManyField(
        "organisations.Region", related_name="rating_methodologies", blank=True
    )
    cloned_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="clones"
    )
    green_min_score = models.DecimalField(max_digits=4, decimal_places=2, default=Decimal("2.50"))
    high_amber_min_score = models.DecimalField(
        max_digits=4, decimal_places=2, default=Decimal("1.75")
    )
    low_amber_min_score = models.DecimalField(
        max_digits=4, decimal_places=2, default=Decimal("1.00")
    )
    # The best overall rating a programme can get when a critical KPI is red.
    critical_cap = models.CharField(max_length=16, default="low_amber")
    # Share of the applicable KPIs' weight that must have scored data for a rating (0 to 1).
    min_coverage = models.DecimalField(max_digits=3, decimal_places=2, default=Decimal("0.60"))
    # A ratio KPI with a denominator below this is suppressed, not scored.
    small_number_threshold = models.PositiveIntegerField(default=10)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-academic_year"]
        verbose_name_plural = "methodologies"

    def __str__(self) -> str:
        return f"{self.name} ({academic_year.label(self.academic_year)})"

    @property
    def year_label(self) -> str:
        return academic_year.label(self.academic_year)

    def regions_text(self) -> str:
        """The regions it covers, in words ("London and South East")."""
        return and_list([region.name for region in self.regions.all()])


class MethodologyKpi(models.Model):
    """One KPI's target, band thresholds, weight and criticality within a methodology.

    For a higher-is-better KPI a value at or above ``green_threshold`` is green, at or above
    ``high_amber_threshold`` high amber, at or above ``low_amber_threshold`` low amber, else
    red; for a lower-is-better KPI the comparisons are at or below. A value exactly on a
    threshold takes the better band.
    """

    methodology = models.ForeignKey(Methodology, on_delete=models.CASCADE, related_name="kpis")
    kpi = models.ForeignKey(Kpi, on_delete=models.PROTECT, related_name="methodology_settings")
    target = models.DecimalField(max_digits=12, decimal_places=4)
    green_threshold = models.DecimalField(max_digits=12, decimal_places=4)
    high_amber_threshold = models.DecimalField(max_digits=12, decimal_places=4)
    low_amber_threshold = models.DecimalField(max_digits=12, decimal_places=4)
    weight = models.DecimalField(
        max_digits=6, decimal_places=2, default=Decimal("1"), validators=[MinValueValidator(0)]
    )
    critical = models.BooleanField(default=False)

    class Meta:
        ordering = ["kpi__code"]
        constraints = [
            models.UniqueConstraint(fields=["methodology", "kpi"], name="ratings_methodology_kpi"),
        ]

    def __str__(self) -> str:
        return f"{self.kpi.code} in {self.methodology}"

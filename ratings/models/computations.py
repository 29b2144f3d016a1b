"""What each computation of a rating gave, and which ratings KPI imports have since left
out of date."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models
from django.db.models import Q

from access.roles import Role
from core import academic_year
from core.scope import Scope, scope_of
from ratings.models.ratings import Rating, RatingBand

if TYPE_CHECKING:
    from accounts.models import Viewer


class RatingComputation(models.Model):
    """One computation of a rating (a recompute or a correction): when, and what it gave.

    A recompute keeps the rating itself (its number, its queries); each computation adds one
    of these, so the rating's page can show how it came out each time.
    """

    rating = models.ForeignKey(Rating, on_delete=models.CASCADE, related_name="computations")
    computed_at = models.DateTimeField()
    band = models.CharField(max_length=16, choices=RatingBand.choices)
    score = models.DecimalField(max_digits=5, decimal_places=3, null=True, blank=True)
    coverage = models.DecimalField(max_digits=4, decimal_places=3, null=True, blank=True)

    class Meta:
        ordering = ["computed_at", "pk"]

    def __str__(self) -> str:
        return f"{self.rating} computed {self.computed_at:%Y-%m-%d %H:%M}"


class StaleRatingQuerySet(models.QuerySet["StaleRating"]):
    def visible_to(self, who: Scope | Viewer) -> StaleRatingQuerySet:
        """All nationally; a regional role's region's providers; a lead's own providers."""
        scope = scope_of(who)
        if scope.is_national:
            return self
        condition = Q(education_provider__region_id__in=scope.region_ids)
        if led := scope.organisations_where(Role.EP_LEAD):
            condition |= Q(education_provider_id__in=led)
        return self.filter(condition)


class StaleRating(models.Model):
    """A provider's programme whose KPI values an import changed (or added) after the year's
    ratings were computed: its rating, and the provider's overall rating, wait for a
    recompute (or, once published, a correction).

    Keyed by year, provider and programme rather than by rating, so a programme that had no
    rating before the import is listed too.
    """

    academic_year = models.PositiveSmallIntegerField()
    education_provider = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    programme = models.ForeignKey(
        "programmes.Programme", on_delete=models.CASCADE, related_name="+"
    )
    # The latest import that changed its values.
    kpi_import = models.ForeignKey(
        "ratings.KpiImport", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    marked_at = models.DateTimeField()

    objects = StaleRatingQuerySet.as_manager()

    class Meta:
        ordering = ["academic_year", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["academic_year", "education_provider", "programme"],
                name="ratings_stale_rating_unique",
            ),
        ]

    def __str__(self) -> str:
        return (
            f"Out of date: {self.education_provider_id}/{self.programme_id} "
            f"in {academic_year.label(self.academic_year)}"
        )

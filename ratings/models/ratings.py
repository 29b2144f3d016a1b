"""Ratings, the yearly round they belong to, and what follows them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models
from django.db.models import Q

from access.roles import Role
from core import academic_year, clock
from core.scope import Scope, scope_of
from organisations.models import Organisation

if TYPE_CHECKING:
    from accounts.models import Viewer


class RatingBand(models.TextChoices):
    RED = "red", "Red"
    LOW_AMBER = "low_amber", "Low Amber"
    HIGH_AMBER = "high_amber", "High Amber"
    GREEN = "green", "Green"
    NOT_RATED = "not_rated", "Not rated"


class RoundStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    PROVIDER_PREVIEW = "provider_preview", "Provider preview"
    APPROVED = "approved", "Approved"
    PUBLISHED = "published", "Published"


class RoundQuerySet(models.QuerySet["RatingRound"]):
    def visible_to(self, who: Scope | Viewer) -> RoundQuerySet:
        """Every round nationally; a regional role's region's rounds; a provider lead the
        rounds of its provider's region from their provider preview on; anyone else none."""
        scope = scope_of(who)
        if scope.is_national:
            return self
        condition = Q(region_id__in=scope.region_ids)
        if led := scope.organisations_where(Role.EP_LEAD):
            regions = Organisation.objects.filter(pk__in=led).values("region_id")
            condition |= Q(region_id__in=regions) & ~Q(status=RoundStatus.DRAFT)
        return self.filter(condition)


class RatingRound(models.Model):
    """One region's ratings for one academic year and where they are in the workflow.

    Each region that rates with the year's methodology has its own round, moved on by its
    own contract managers (or a quality administrator), so one region's steps never touch
    another region's ratings.
    """

    academic_year = models.PositiveSmallIntegerField()
    region = models.ForeignKey(
        "organisations.Region", on_delete=models.PROTECT, related_name="rating_rounds"
    )
    methodology = models.ForeignKey(
        "ratings.Methodology", on_delete=models.PROTECT, related_name="rounds"
    )
    status = models.CharField(max_length=20, choices=RoundStatus.choices, default=RoundStatus.DRAFT)
    preview_closes_on = models.DateField(null=True, blank=True)
    # Why the ratings were approved while providers could still query them; shown to them.
    approved_early_because = models.TextField(blank=True)
    computed_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)

    objects = RoundQuerySet.as_manager()

    class Meta:
        ordering = ["-academic_year", "region__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["academic_year", "region"], name="ratings_one_round_per_region_and_year"
            ),
        ]

    def __str__(self) -> str:
        return f"QCPM ratings {self.title}"

    @property
    def year_label(self) -> str:
        return academic_year.label(self.academic_year)

    @property
    def title(self) -> str:
        """The region and the year, as pages name the round: "London 2025/26"."""
        return f"{self.region.name} {self.year_label}"

    @property
    def region_slug(self) -> str:
        """The region as the round's URLs name it: its code in lower case ("lon")."""
        return self.region.code.lower()

    @property
    def url_args(self) -> tuple[int, str]:
        """The year and the region, as the round's URLs take them."""
        return self.academic_year, self.region_slug


class RatingQuerySet(models.QuerySet["Rating"]):
    def visible_to(self, who: Scope | Viewer) -> RatingQuerySet:
        """All ratings nationally; a regional role's region's; a provider lead's own
        provider's from the provider preview on (never a draft)."""
        scope = scope_of(who)
        if scope.is_national:
            return self
        condition = Q(education_provider__region_id__in=scope.region_ids)
        if led := scope.organisations_where(Role.EP_LEAD):
            condition |= Q(education_provider_id__in=led) & ~Q(round__status=RoundStatus.DRAFT)
        return self.filter(condition)


class Rating(models.Model):
    """An education provider's rating for one programme (or, with no programme, overall).

    ``explanation`` holds every KPI's value, target, band, weight, points, contribution and
    suppression, and the reasons for the overall band, so a provider can follow it. After
    publication a correction is a new revision; the earlier one stays, no longer current.
    """

    round = models.ForeignKey(RatingRound, on_delete=models.CASCADE, related_name="ratings")
    education_provider = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="ratings"
    )
    programme = models.ForeignKey(
        "programmes.Programme",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="ratings",
    )
    band = models.CharField(max_length=16, choices=RatingBand.choices)
    score = models.DecimalField(max_digits=5, decimal_places=3, null=True, blank=True)
    coverage = models.DecimalField(max_digits=4, decimal_places=3, null=True, blank=True)
    explanation = models.JSONField(default=dict)
    revision = models.PositiveSmallIntegerField(default=1)
    is_current = models.BooleanField(default=True)
    correction_note = models.TextField(blank=True)
    computed_at = models.DateTimeField(auto_now_add=True)

    objects = RatingQuerySet.as_manager()

    class Meta:
        ordering = ["education_provider__name", "programme__name"]
        constraints = [
            # One current rating per programme, and one current overall rating (no programme).
            models.UniqueConstraint(
                fields=["round", "education_provider", "programme"],
                condition=Q(is_current=True, programme__isnull=False),
                name="ratings_rating_one_current",
            ),
            models.UniqueConstraint(
                fields=["round", "education_provider"],
                condition=Q(is_current=True, programme__isnull=True),
                name="ratings_rating_one_current_overall",
            ),
        ]
        indexes = [models.Index(fields=["round", "programme", "band"])]

    def __str__(self) -> str:
        what = self.programme.name if self.programme is not None else "overall"
        return f"{self.education_provider} – {what} – {self.get_band_display()}"


class RatingQuery(models.Model):
    """A provider's question about a value behind a draft rating, during the preview window."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        ANSWERED = "answered", "Answered"

    rating = models.ForeignKey(Rating, on_delete=models.CASCADE, related_name="queries")
    kpi = models.ForeignKey("ratings.Kpi", null=True, blank=True, on_delete=models.PROTECT)
    question = models.TextField()
    raised_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    raised_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.OPEN)
    answer = models.TextField(blank=True)
    answered_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-raised_at"]
        verbose_name_plural = "rating queries"

    def __str__(self) -> str:
        return f"Query on {self.rating}"


class RightOfReply(models.Model):
    """The education provider's published response to its rating for a year."""

    round = models.ForeignKey(RatingRound, on_delete=models.CASCADE, related_name="replies")
    education_provider = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="rating_replies"
    )
    text = models.TextField()
    written_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "rights of reply"
        constraints = [
            models.UniqueConstraint(
                fields=["round", "education_provider"], name="ratings_one_reply_per_round"
            ),
        ]

    def __str__(self) -> str:
        return f"Reply from {self.education_provider} to {self.round}"


class FollowUp(models.Model):
    """The improvement plan a published Red or Low Amber rating opens."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        CLOSED = "closed", "Closed"

    rating = models.OneToOneField(Rating, on_delete=models.PROTECT, related_name="follow_up")
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.OPEN)
    opened_at = models.DateTimeField(default=clock.now, editable=False)
    closed_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Follow-up of {self.rating}"


class FollowUpAction(models.Model):
    """One action of an improvement plan: what, who owns it, by when."""

    follow_up = models.ForeignKey(FollowUp, on_delete=models.CASCADE, related_name="actions")
    description = models.TextField()
    owner = models.CharField(max_length=200)
    due_on = models.DateField()
    done_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return self.description[:60]

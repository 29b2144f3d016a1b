"""Professions, the programmes that train them, and the places commissioned each year."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from core import academic_year
from core.scope import Scope, scope_of

if TYPE_CHECKING:
    from accounts.models import Viewer


class ProfessionGroup(models.TextChoices):
    PRE_REGISTRATION = "pre_registration", "Pre-registration"
    COMMUNITY_NURSING = "community_nursing", "Community nursing"
    PSYCHOLOGY = "psychology", "Psychology and psychotherapy"
    OTHER = "other", "Other programmes"


class Profession(models.Model):
    """A profession that learners train for, such as nursing or physiotherapy."""

    code = models.CharField(max_length=32, unique=True)
    name = models.CharField(max_length=100, unique=True)
    group = models.CharField(max_length=32, choices=ProfessionGroup.choices)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Programme(models.Model):
    """A commissioned education programme, such as pre-registration nursing (adult)."""

    code = models.CharField(max_length=32, unique=True)
    name = models.CharField(max_length=150, unique=True)
    profession = models.ForeignKey(Profession, on_delete=models.PROTECT, related_name="programmes")
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["profession__group", "name"]

    def __str__(self) -> str:
        return self.name


class CommissionQuerySet(models.QuerySet["Commission"]):
    def visible_to(self, who: Scope | Viewer) -> CommissionQuerySet:
        """The rows ``who`` (a Scope, or a user whose scope is worked out) may see."""
        scope = scope_of(who)
        if scope.is_national:
            return self
        if scope.is_empty:
            return self.none()
        return self.filter(
            Q(education_provider_id__in=scope.organisation_ids)
            | Q(education_provider__region_id__in=scope.region_ids)
        )


class Commission(models.Model):
    """Places commissioned from one education provider for one programme in one academic year."""

    education_provider = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="commissions"
    )
    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="commissions")
    academic_year = models.PositiveSmallIntegerField(
        validators=[
            MinValueValidator(academic_year.EARLIEST),
            MaxValueValidator(academic_year.LATEST),
        ],
        help_text="The calendar year the academic year starts in: 2025 means 2025/26.",
    )
    places = models.PositiveIntegerField()

    objects = CommissionQuerySet.as_manager()

    class Meta:
        ordering = ["-academic_year", "education_provider__name", "programme__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["education_provider", "programme", "academic_year"],
                name="programmes_commission_unique",
            ),
        ]
        indexes = [models.Index(fields=["academic_year", "programme"])]

    def __str__(self) -> str:
        return f"{self.education_provider} – {self.programme} – {self.year_label}"

    @property
    def year_label(self) -> str:
        return academic_year.label(self.academic_year)

"""The shared register of regions and organisations that every process hangs off."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models
from django.db.models import Q

from core.imports.models import ImportRunBase
from core.scope import Scope, scope_of
from organisations.kinds import OrganisationKind

if TYPE_CHECKING:
    from accounts.models import Viewer


class Region(models.Model):
    """One of the seven NHS England regions."""

    code = models.CharField(max_length=16, unique=True)
    name = models.CharField(max_length=100, unique=True)
    in_lase = models.BooleanField(
        "in London and the South East (LaSE)",
        default=False,
        help_text="QCPM ratings run in these regions.",
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class LocalOffice(models.Model):
    """A local office of a region, such as Kent, Surrey and Sussex."""

    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="local_offices")
    code = models.CharField(max_length=16, unique=True)
    name = models.CharField(max_length=100, unique=True)

    class Meta:
        ordering = ["region__name", "name"]

    def __str__(self) -> str:
        return self.name


class ProviderType(models.TextChoices):
    ACUTE = "acute", "Acute"
    MENTAL_HEALTH = "mental_health", "Mental health"
    COMMUNITY = "community", "Community"
    AMBULANCE = "ambulance", "Ambulance"
    PRIMARY_CARE = "primary_care", "Primary care"
    INDEPENDENT = "independent", "Independent sector"
    VOLUNTARY = "voluntary", "Voluntary sector"


class Status(models.TextChoices):
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"


class OrganisationQuerySet(models.QuerySet["Organisation"]):
    def visible_to(self, who: Scope | Viewer) -> OrganisationQuerySet:
        """The rows ``who`` (a Scope, or a user whose scope is worked out) may see."""
        scope = scope_of(who)
        if scope.is_national:
            return self
        if scope.is_empty:
            return self.none()
        return self.filter(Q(pk__in=scope.organisation_ids) | Q(region_id__in=scope.region_ids))

    def providers(self) -> OrganisationQuerySet:
        return self.filter(
            kind__in=[OrganisationKind.EDUCATION_PROVIDER, OrganisationKind.PLACEMENT_PROVIDER]
        )


class Organisation(models.Model):
    """An education provider, placement provider, regional team or the national body."""

    kind = models.CharField(max_length=32, choices=OrganisationKind.choices)
    name = models.CharField(max_length=200)
    ods_code = models.CharField(
        "ODS code", max_length=10, unique=True, null=True, blank=True, default=None
    )
    ukprn = models.CharField(
        "UKPRN", max_length=8, unique=True, null=True, blank=True, default=None
    )
    # Our own stable code for the national body and regional teams, which have no ODS code here.
    internal_code = models.CharField(
        max_length=16, unique=True, null=True, blank=True, default=None
    )
    provider_type = models.CharField(max_length=32, choices=ProviderType.choices, blank=True)
    region = models.ForeignKey(
        Region, null=True, blank=True, on_delete=models.PROTECT, related_name="organisations"
    )
    local_office = models.ForeignKey(
        LocalOffice, null=True, blank=True, on_delete=models.PROTECT, related_name="organisations"
    )
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.OPEN)
    opened_on = models.DateField(null=True, blank=True)
    closed_on = models.DateField(null=True, blank=True)
    address = models.TextField(blank=True)
    postcode = models.CharField(max_length=10, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        indexes = [
            models.Index(fields=["kind", "region", "status"]),
            models.Index(fields=["name"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind=OrganisationKind.EDUCATION_PROVIDER) | Q(ukprn__isnull=False),
                name="organisations_ep_has_ukprn",
            ),
            models.CheckConstraint(
                condition=~Q(kind=OrganisationKind.PLACEMENT_PROVIDER) | Q(ods_code__isnull=False),
                name="organisations_pp_has_ods_code",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def code(self) -> str:
        return self.ukprn or self.ods_code or self.internal_code or ""

    @property
    def is_open(self) -> bool:
        return self.status == Status.OPEN


class Site(models.Model):
    """A place where an organisation hosts learners, such as a hospital."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="sites")
    name = models.CharField(max_length=200)
    ods_code = models.CharField("ODS code", max_length=10, blank=True)
    postcode = models.CharField(max_length=10, blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "name"], name="organisations_site_unique_name"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class ImportRun(ImportRunBase):
    """One import of a file: previewed and waiting, or committed with what it changed."""

    class Source(models.TextChoices):
        ODS = "ods", "ODS trust extract"
        PROVIDERS = "providers", "Education providers CSV"

    source = models.CharField(max_length=16, choices=Source.choices)

    class Meta:
        ordering = ["-uploaded_at"]

    def __str__(self) -> str:
        when = self.finished_at or self.uploaded_at
        return f"{self.get_source_display()} {self.file_name} ({when:%Y-%m-%d})"

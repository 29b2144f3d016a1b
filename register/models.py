"""The quality register: every item a process found that a provider must put right."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models
from django.db.models import Q

from access.roles import REGIONAL_ROLES, Role
from core import clock
from core.scope import Scope, scope_of

if TYPE_CHECKING:
    from accounts.models import Viewer

# Provider roles: people who see, and answer, their own organisation's items.
PROVIDER_ROLES = (Role.EP_LEAD, Role.PP_CONTRIBUTOR, Role.PP_EXECUTIVE)


class ItemKind(models.TextChoices):
    CONCERN = "concern", "Concern"
    IMPROVEMENT_ACTION = "improvement_action", "Improvement action"
    IMMEDIATE_REQUIREMENT = "immediate_requirement", "Immediate mandatory requirement"
    MANDATORY_REQUIREMENT = "mandatory_requirement", "Mandatory requirement"
    RECOMMENDATION = "recommendation", "Recommendation"
    QCPM_FOLLOW_UP = "qcpm_follow_up", "QCPM follow-up"
    SELF_REPORTED_RISK = "self_reported_risk", "Self-reported risk"


class ItemStatus(models.TextChoices):
    OPEN = "open", "Open"
    EVIDENCE_SUBMITTED = "evidence_submitted", "Evidence submitted"
    ACCEPTED = "accepted", "Accepted (closed)"
    RETURNED = "returned", "Returned"
    ESCALATED = "escalated", "Escalated"


# Every state but accepted still needs something from someone.
OPEN_STATES = frozenset(set(ItemStatus) - {ItemStatus.ACCEPTED})


class QualityItemQuerySet(models.QuerySet["QualityItem"]):
    def visible_to(self, who: Scope | Viewer) -> QualityItemQuerySet:
        """Every item nationally; regional staff's region's; a provider's own (the items
        about it and the items it owns)."""
        scope = scope_of(who)
        if scope.is_national:
            return self
        condition = Q(pk__in=[])
        if regions := scope.regions_where(*REGIONAL_ROLES):
            condition |= Q(organisation__region_id__in=regions)
        if own := scope.organisations_where(*PROVIDER_ROLES):
            condition |= Q(organisation_id__in=own) | Q(owner_organisation_id__in=own)
        return self.filter(condition)

    def still_open(self) -> QualityItemQuerySet:
        return self.filter(status__in=OPEN_STATES)


class QualityItem(models.Model):
    """One thing a provider must put right, where it came from, and how far it has got."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="quality_items"
    )
    site = models.ForeignKey(
        "organisations.Site", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    programme = models.ForeignKey(
        "programmes.Programme", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    profession = models.ForeignKey(
        "programmes.Profession", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(max_length=32, choices=ItemKind.choices)
    # The quality framework standard's reference (such as "1.2"): a code, because the
    # framework belongs to a process above the register.
    standard = models.CharField("standard", max_length=40, blank=True)
    # Where the item came from: a kind of source a process registered, and the record's id.
    source_kind = models.CharField(max_length=40, blank=True)
    source_id = models.PositiveBigIntegerField(null=True, blank=True)
    source_label = models.CharField("source", max_length=200, blank=True)
    action = models.TextField("what must be done")
    evidence_expected = models.TextField("evidence that will show it is done", blank=True)
    owner_organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    owner_person = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    owner_name = models.CharField("owner", max_length=200, blank=True)
    due_on = models.DateField("due date")
    status = models.CharField(max_length=20, choices=ItemStatus.choices, default=ItemStatus.OPEN)
    evidence = models.TextField("evidence submitted", blank=True)
    return_reason = models.TextField("why it was returned", blank=True)
    opened_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    opened_at = models.DateTimeField(default=clock.now, editable=False)
    closed_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = QualityItemQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "pk"]
        constraints = [
            # A source record opens one item, whoever and however often it is asked to.
            models.UniqueConstraint(
                fields=["source_kind", "source_id"],
                condition=~Q(source_kind=""),
                name="register_item_one_per_source",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "due_on"]),
            models.Index(fields=["organisation", "status"]),
            models.Index(fields=["kind", "status"]),
        ]

    def __str__(self) -> str:
        return f"Item {self.pk}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATES

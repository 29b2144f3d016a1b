"""Campaigns: a year's self-assessment for the placement providers in scope."""

from __future__ import annotations

from django.db import models


class CampaignStatus(models.TextChoices):
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"


class Campaign(models.Model):
    """A year's self-assessment: which framework, which providers, when it opens and is due."""

    name = models.CharField(max_length=200)
    academic_year = models.PositiveSmallIntegerField(
        help_text="The first calendar year of the academic year: 2025 is 2025/26."
    )
    framework_version = models.ForeignKey(
        "assessments.FrameworkVersion", on_delete=models.PROTECT, related_name="campaigns"
    )
    # Scope as chosen when the campaign was opened: provider types and regions (empty: all).
    provider_types = models.JSONField(default=list, blank=True)
    regions = models.ManyToManyField("organisations.Region", blank=True, related_name="+")
    opens_on = models.DateField()
    due_on = models.DateField()
    status = models.CharField(
        max_length=16, choices=CampaignStatus.choices, default=CampaignStatus.OPEN
    )
    created_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-academic_year", "-opens_on"]
        constraints = [
            models.UniqueConstraint(fields=["academic_year"], name="assessments_campaign_year"),
            models.CheckConstraint(
                condition=models.Q(due_on__gte=models.F("opens_on")),
                name="assessments_campaign_due_after_open",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def year_label(self) -> str:
        return f"{self.academic_year}/{(self.academic_year + 1) % 100:02d}"


class ReminderKind(models.TextChoices):
    OPENED = "opened", "Campaign opened"
    DAYS_30 = "due_30", "Due in 30 days"
    DAYS_7 = "due_7", "Due in 7 days"
    DAYS_1 = "due_1", "Due tomorrow"
    OVERDUE = "overdue", "Overdue"


class Reminder(models.Model):
    """An e-mail sent about a submission; the key makes sending idempotent (one per kind,
    and for overdue reminders one per week, keyed by the week's date)."""

    submission = models.ForeignKey(
        "assessments.Submission", on_delete=models.CASCADE, related_name="reminders"
    )
    kind = models.CharField(max_length=16, choices=ReminderKind.choices)
    key = models.CharField(max_length=40)
    recipients = models.PositiveSmallIntegerField(default=0)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(fields=["submission", "key"], name="assessments_reminder_once"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} to submission {self.submission_id}"


class ReportStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"


class NationalReport(models.Model):
    """The national report of a campaign. Its figures are computed on request while a draft
    and frozen into ``figures`` when an administrator publishes it."""

    campaign = models.OneToOneField(
        Campaign, on_delete=models.PROTECT, related_name="national_report"
    )
    status = models.CharField(
        max_length=16, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    min_group_size = models.PositiveSmallIntegerField(
        "smallest group shown",
        default=5,
        help_text="Groups with fewer submissions than this are suppressed.",
    )
    introduction = models.TextField(blank=True)
    figures = models.JSONField(default=dict, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The public PDF, drawn once per publication and served from storage. It belongs to the
    # publication whose moment ``pdf_published_at`` holds; after publishing again it is
    # stale until it is drawn again.
    pdf = models.FileField(upload_to="reports/national/", max_length=255, blank=True)
    pdf_published_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"National report for {self.campaign}"

    @property
    def pdf_is_current(self) -> bool:
        """Is a PDF stored for the figures published now?"""
        return bool(self.pdf) and self.pdf_published_at == self.published_at

"""A provider's submission: its answers, actions, evidence, sign-off and review."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models
from django.db.models import Q

from access.roles import Role
from assessments.models.framework import AnswerValue
from core.scope import Scope, scope_of

if TYPE_CHECKING:
    from accounts.models import Viewer


class SubmissionStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    WITH_SIGNATORY = "with_signatory", "With signatory"
    SUBMITTED = "submitted", "Submitted"
    REOPENED = "reopened", "Reopened"


# States in which contributors may change answers.
EDITABLE = frozenset(
    {SubmissionStatus.NOT_STARTED, SubmissionStatus.IN_PROGRESS, SubmissionStatus.REOPENED}
)


class SubmissionQuerySet(models.QuerySet["Submission"]):
    def visible_to(self, who: Scope | Viewer) -> SubmissionQuerySet:
        """Every submission nationally; a regional quality lead's region's (not a contract
        manager's); a placement provider's contributors' and executives' own."""
        scope = scope_of(who)
        if scope.is_national:
            return self
        condition = Q(pk__in=[])
        if lead_regions := scope.regions_where(Role.REGIONAL_LEAD):
            condition |= Q(organisation__region_id__in=lead_regions)
        if own := scope.organisations_where(Role.PP_CONTRIBUTOR, Role.PP_EXECUTIVE):
            condition |= Q(organisation_id__in=own)
        return self.filter(condition)


class Submission(models.Model):
    """One placement provider's self-assessment in one campaign."""

    campaign = models.ForeignKey(
        "assessments.Campaign", on_delete=models.CASCADE, related_name="submissions"
    )
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="submissions"
    )
    status = models.CharField(
        max_length=16, choices=SubmissionStatus.choices, default=SubmissionStatus.NOT_STARTED
    )
    due_on = models.DateField(help_text="The campaign's due date, or a later one if extended.")
    extension_reason = models.TextField(blank=True)
    signatory = models.ForeignKey(
        "accounts.User",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="submissions_to_sign",
        help_text="The executive the submission was sent to for sign-off.",
    )
    # Increases on each sign-off and each reopening: a snapshot belongs to one version.
    version = models.PositiveIntegerField(default=1)
    answered_count = models.PositiveIntegerField(default=0)
    started_at = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = SubmissionQuerySet.as_manager()

    class Meta:
        ordering = ["organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "organisation"], name="assessments_submission_unique"
            ),
        ]
        indexes = [models.Index(fields=["campaign", "status"])]

    def __str__(self) -> str:
        return f"{self.organisation} – {self.campaign}"

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE


class SubmissionEvent(models.Model):
    """A step in a submission's life, told in words: sent, returned, signed, reopened..."""

    class Kind(models.TextChoices):
        STARTED = "started", "Started"
        COPIED = "copied", "Last year's answers copied in"
        SENT = "sent", "Sent to the signatory"
        RETURNED = "returned", "Returned by the signatory"
        SIGNED = "signed", "Signed off and submitted"
        REOPENED = "reopened", "Reopened"
        EXTENDED = "extended", "Due date extended"
        CLARIFICATION = "clarification", "Clarification asked"

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    actor = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    comment = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=1)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.submission_id})"


class DomainAssignment(models.Model):
    """A contributor asked to answer one domain of a submission."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="assignments")
    domain = models.ForeignKey("assessments.Domain", on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey("accounts.User", on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["submission", "domain", "user"], name="assessments_assignment_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} – domain {self.domain_id}"


class Answer(models.Model):
    """The answer to one question in one submission. ``revision`` goes up on every save so
    that two people editing the same answer never silently overwrite each other."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(
        "assessments.Question", on_delete=models.PROTECT, related_name="answers"
    )
    value = models.CharField(max_length=16, choices=AnswerValue.choices, blank=True)
    comment = models.TextField(blank=True)
    revision = models.PositiveIntegerField(default=0)
    # What was copied in from last year's answer, so a change can be highlighted.
    previous_value = models.CharField(max_length=16, choices=AnswerValue.choices, blank=True)
    previous_comment = models.TextField(blank=True)
    updated_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["question"]
        constraints = [
            models.UniqueConstraint(
                fields=["submission", "question"], name="assessments_answer_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.question.ref}: {self.get_value_display() or 'not answered'}"

    @property
    def changed_since_last_year(self) -> bool:
        return bool(self.previous_value) and self.previous_value != self.value


class Action(models.Model):
    """What a provider commits to do about a partially met or not met answer."""

    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="actions")
    description = models.TextField("what will be done")
    owner = models.CharField("owner", max_length=200)
    due_on = models.DateField("due date")
    created_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return self.description[:60]


class Evidence(models.Model):
    """A file attached to an answer, kept in private storage and served only to those allowed."""

    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(upload_to="evidence/%Y/%m/", max_length=255)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name_plural = "evidence"

    def __str__(self) -> str:
        return self.original_name


class SignOff(models.Model):
    """A frozen snapshot of exactly what an executive signed, with its content hash."""

    submission = models.ForeignKey(Submission, on_delete=models.PROTECT, related_name="sign_offs")
    version = models.PositiveIntegerField()
    snapshot = models.JSONField()
    sha256 = models.CharField(max_length=64)
    declaration = models.TextField()
    signed_by = models.ForeignKey(
        "accounts.User", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    signed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["submission", "version"], name="assessments_signoff_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"Sign-off {self.version} of submission {self.submission_id}"


class ReviewNote(models.Model):
    """A regional lead's flag, request for clarification or concern about one answer."""

    class Kind(models.TextChoices):
        FLAG = "flag", "Flag"
        CLARIFICATION = "clarification", "Clarification requested"
        CONCERN = "concern", "Concern"

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        ANSWERED = "answered", "Answered"
        CLOSED = "closed", "Closed"

    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="review_notes")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    note = models.TextField()
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.OPEN)
    raised_by = models.ForeignKey(
        "accounts.User", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    raised_at = models.DateTimeField(auto_now_add=True)
    response = models.TextField(blank=True)
    responded_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    responded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-raised_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on answer {self.answer_id}"

"""The quality framework: versions, their domains and standards, and the questions asked."""

from __future__ import annotations

from django.db import models


class FrameworkVersion(models.Model):
    """One version of the quality framework, e.g. ``QF2021``; frozen once a campaign uses it."""

    code = models.CharField(
        max_length=16,
        unique=True,
        help_text="Short stable code used in every reference id, for example QF2021.",
    )
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    based_on = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="derived_versions",
        help_text="The version this one was cloned from; its mapping compares the two.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-code"]

    def __str__(self) -> str:
        return f"{self.code}: {self.name}"


class Domain(models.Model):
    """A numbered domain of a framework version, e.g. 3 "Developing and supporting learners"."""

    version = models.ForeignKey(FrameworkVersion, on_delete=models.CASCADE, related_name="domains")
    number = models.PositiveSmallIntegerField()
    ref = models.CharField("reference", max_length=32, unique=True)
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["version", "number"]
        constraints = [
            models.UniqueConstraint(fields=["version", "number"], name="assessments_domain_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class Standard(models.Model):
    """A numbered standard within a domain, with a stable reference such as ``QF2021-3.2``."""

    domain = models.ForeignKey(Domain, on_delete=models.CASCADE, related_name="standards")
    number = models.PositiveSmallIntegerField(help_text="Its number within the domain.")
    ref = models.CharField("reference", max_length=32, unique=True)
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    previous = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="next_versions",
        help_text="The same standard in an earlier framework version, for year-on-year comparison.",
    )

    class Meta:
        ordering = ["domain__version", "domain__number", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["domain", "number"], name="assessments_standard_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.ref} {self.title}"

    @property
    def label(self) -> str:
        return f"{self.domain.number}.{self.number}"


class AnswerValue(models.TextChoices):
    MET = "met", "Met"
    PARTIALLY_MET = "partially_met", "Partially met"
    NOT_MET = "not_met", "Not met"
    NOT_APPLICABLE = "not_applicable", "Not applicable"


# Answers that need at least one action before the submission can go to the signatory.
NEEDS_ACTION = frozenset({AnswerValue.PARTIALLY_MET, AnswerValue.NOT_MET})


class CommentRule(models.TextChoices):
    OPTIONAL = "optional", "Optional"
    REQUIRED = "required", "Required for every answer"
    REQUIRED_UNLESS_MET = "required_unless_met", "Required unless the answer is met"


class Question(models.Model):
    """A question asked about a standard. ``version`` and ``domain`` are copies of the
    standard's, kept so that form pages and the national report group answers without joins."""

    standard = models.ForeignKey(Standard, on_delete=models.CASCADE, related_name="questions")
    domain = models.ForeignKey(Domain, on_delete=models.CASCADE, related_name="questions")
    version = models.ForeignKey(
        FrameworkVersion, on_delete=models.CASCADE, related_name="questions"
    )
    number = models.PositiveSmallIntegerField(help_text="Its order within the standard.")
    ref = models.CharField("reference", max_length=40, unique=True)
    text = models.TextField()
    guidance = models.TextField(blank=True)
    allow_not_applicable = models.BooleanField("not applicable allowed", default=False)
    comment_rule = models.CharField(
        max_length=24, choices=CommentRule.choices, default=CommentRule.OPTIONAL
    )
    evidence_allowed = models.BooleanField(default=True)
    previous = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="next_versions",
        help_text="The same question in an earlier framework version: last year's answer to it "
        "can be copied in and compared.",
    )

    class Meta:
        ordering = ["version", "domain__number", "standard__number", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["standard", "number"], name="assessments_question_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.ref} {self.text[:60]}"

    def allowed_values(self) -> list[AnswerValue]:
        values = [AnswerValue.MET, AnswerValue.PARTIALLY_MET, AnswerValue.NOT_MET]
        if self.allow_not_applicable:
            values.append(AnswerValue.NOT_APPLICABLE)
        return values

    def comment_needed(self, value: str) -> bool:
        if self.comment_rule == CommentRule.REQUIRED:
            return True
        return self.comment_rule == CommentRule.REQUIRED_UNLESS_MET and value not in {
            AnswerValue.MET,
            AnswerValue.NOT_APPLICABLE,
        }

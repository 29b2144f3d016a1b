"""What executives signed, as rows: a relational copy of each sign-off's snapshot.

The snapshot (``SignOff.snapshot``, JSON with its hash) is the record of what was signed;
these rows hold the same answers and actions so the national report can count them with a
few GROUP BY queries instead of parsing JSON. They are written with the sign-off, in the
same transaction and from the same snapshot, and never changed afterwards.
"""

from __future__ import annotations

from django.db import models

from assessments.models.framework import AnswerValue


class SignedAnswer(models.Model):
    """One question's answer as it was signed in one sign-off."""

    sign_off = models.ForeignKey(
        "assessments.SignOff", on_delete=models.CASCADE, related_name="signed_answers"
    )
    submission = models.ForeignKey(
        "assessments.Submission", on_delete=models.CASCADE, related_name="+"
    )
    # The sign-off's version: the report counts the rows whose version is the submission's.
    version = models.PositiveIntegerField()
    question = models.ForeignKey("assessments.Question", on_delete=models.PROTECT, related_name="+")
    value = models.CharField(max_length=16, choices=AnswerValue.choices, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["sign_off", "question"], name="assessments_signedanswer_unique"
            ),
        ]
        # Everything the report reads of a submission's signed answers, from the index alone.
        indexes = [
            models.Index(
                fields=["submission", "version", "question", "value"],
                name="assessments_signed_counted",
            )
        ]

    def __str__(self) -> str:
        return f"Signed answer to {self.question_id} in sign-off {self.sign_off_id}"


class SignedAction(models.Model):
    """One action as it was signed, under its signed answer."""

    answer = models.ForeignKey(SignedAnswer, on_delete=models.CASCADE, related_name="actions")
    description = models.TextField("what will be done")
    owner = models.CharField("owner", max_length=200)
    due_on = models.DateField("due date")
    # The id the action had when it was signed (not a link: the action may change or go
    # later), so the report lists actions in the order they were recorded.
    recorded = models.PositiveBigIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return self.description[:60]

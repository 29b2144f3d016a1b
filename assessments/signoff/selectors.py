"""Reads of sign-off: a submission's history and its sign-offs."""

from __future__ import annotations

from assessments.models import SignOff, Submission, SubmissionEvent


def events(submission: Submission) -> list[SubmissionEvent]:
    return list(submission.events.select_related("actor").order_by("-at", "-pk"))


def sign_offs(submission: Submission) -> list[SignOff]:
    return list(submission.sign_offs.select_related("signed_by").order_by("-version"))

"""Provider self-assessment: framework, campaigns, submissions, sign-off, review, report."""

from assessments.models.campaigns import (
    Campaign,
    CampaignStatus,
    NationalReport,
    Reminder,
    ReminderKind,
    ReportStatus,
)
from assessments.models.framework import (
    NEEDS_ACTION,
    AnswerValue,
    CommentRule,
    Domain,
    FrameworkVersion,
    Question,
    Standard,
)
from assessments.models.signed import SignedAction, SignedAnswer
from assessments.models.submissions import (
    EDITABLE,
    Action,
    Answer,
    DomainAssignment,
    Evidence,
    ReviewNote,
    SignOff,
    Submission,
    SubmissionEvent,
    SubmissionStatus,
)

__all__ = [
    "EDITABLE",
    "NEEDS_ACTION",
    "Action",
    "Answer",
    "AnswerValue",
    "Campaign",
    "CampaignStatus",
    "CommentRule",
    "Domain",
    "DomainAssignment",
    "Evidence",
    "FrameworkVersion",
    "NationalReport",
    "Question",
    "Reminder",
    "ReminderKind",
    "ReportStatus",
    "ReviewNote",
    "SignOff",
    "SignedAction",
    "SignedAnswer",
    "Standard",
    "Submission",
    "SubmissionEvent",
    "SubmissionStatus",
]

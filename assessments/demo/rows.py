"""What planning one campaign's demo data works with: the questions, the campaign's year,
the demo sign-ins, and the rows planned before anything is written (with the columns they
are written as)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.utils import timezone

from accounts.models import User
from assessments.models import Submission

HOUR = dt.timedelta(hours=1)


@dataclass(frozen=True)
class PlannedQuestion:
    """What answering a question needs to know, read once for every submission."""

    id: int
    ref: str
    standard_ref: str
    allow_not_applicable: bool
    comment_rule: str
    text: str
    domain_number: int
    domain_title: str
    standard_title: str


@dataclass(frozen=True)
class CampaignYear:
    """One campaign's year, dates and state mix."""

    academic_year: int
    opens_on: dt.date
    due_on: dt.date
    mix: tuple[tuple[str, int], ...]
    latest: bool  # this year's campaign, still open

    @property
    def name(self) -> str:
        return f"Self-assessment {self.academic_year}/{(self.academic_year + 1) % 100:02d}"


@dataclass
class People:
    """The demo sign-ins who act in the self-assessment, and the demo trust."""

    admin: User
    lead: User | None
    contributor: User | None
    executive: User | None
    trust_id: int | None


@dataclass
class Rows:
    """Everything one run writes for one campaign, as rows of column values (the columns
    are the ``*_COLUMNS`` below), planned before anything is written."""

    answers: list[tuple[Any, ...]] = field(default_factory=list)
    # Each action's answer is named by (submission id, question id) until answers exist.
    actions: list[tuple[tuple[int, int], tuple[Any, ...]]] = field(default_factory=list)
    events: list[list[Any]] = field(default_factory=list)
    signed: list[tuple[Submission, list[Any]]] = field(default_factory=list)  # with event
    reopened: list[Submission] = field(default_factory=list)


ANSWER_COLUMNS = (
    "submission",
    "question",
    "value",
    "comment",
    "revision",
    "previous_value",
    "previous_comment",
    "updated_by",
    "updated_at",
)
ACTION_COLUMNS = (
    "answer",
    "description",
    "owner",
    "due_on",
    "created_by",
    "created_at",
    "updated_at",
)
EVENT_COLUMNS = ("submission", "kind", "actor", "version", "at", "comment")
SIGN_OFF_COLUMNS = (
    "submission",
    "version",
    "snapshot",
    "sha256",
    "declaration",
    "signed_by",
    "signed_at",
)


def pk_of(user: User | None) -> int | None:
    return user.pk if user is not None else None


def moment(value: dt.datetime | None) -> Any:
    """A date and time as the database takes it (``insert_rows`` does not convert)."""
    return connection.ops.adapt_datetimefield_value(value)


def aware(day: dt.date, minutes: int) -> dt.datetime:
    """A moment on ``day`` during working hours (``minutes`` after 8:00)."""
    when = dt.datetime.combine(day, dt.time(8)) + dt.timedelta(minutes=minutes % 600)
    return timezone.make_aware(when)

"""Self-assessment demo data: last year's campaign, submitted and reported, and this year's,
open and in progress.

Last year's campaign is closed: most providers submitted (a few late, a few with an
extension), each with a sign-off whose snapshot and hash come from the sign-off service, and
its national report is published. This year's is open and due in four weeks, with providers
in every state; the demo contributor's trust is in progress so the demo shows the form.

Every value comes from a seed made of the year and the provider's ODS code, so every run
plans the same answers, and the small scale is part of the national one. Only submissions
created in this run are filled in: running it again changes nothing, and seeding the
national scale after the small one only adds the new providers. Answers, actions, events
and sign-offs are written in batches (``insert_rows``), so they have no audit entries, like
the rest of the generated demo data; the framework, the campaigns and the report go
through their services and are audited.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import random
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import Max
from django.utils import timezone

from access.roles import Role
from accounts.models import User
from assessments.campaigns.services import campaign_open
from assessments.framework.loading import DEFAULT_FRAMEWORK_FILE, framework_load_file
from assessments.framework.services import is_frozen
from assessments.models import (
    NEEDS_ACTION,
    Action,
    Answer,
    AnswerValue,
    Campaign,
    CampaignStatus,
    CommentRule,
    FrameworkVersion,
    NationalReport,
    Question,
    ReportStatus,
    SignOff,
    Submission,
    SubmissionEvent,
    SubmissionStatus,
)
from assessments.report.services import report_publish
from assessments.signoff.services import DECLARATION, content_hash, snapshot_of
from core import clock
from core.audit import acting_as
from core.bulk import insert_rows
from demo.build import Plan
from demo.personas import PERSONAS, homes
from demo.seed_types import Tally
from organisations.models import Organisation, Status

BATCH_SIZE = 2000
# Snapshots of each campaign also made by the sign-off service, to check ours match.
SNAPSHOTS_CHECKED = 3
Kind = SubmissionEvent.Kind
S = SubmissionStatus

# The share of providers in each state, out of 100.
LAST_YEAR_MIX = ((S.SUBMITTED, 93), (S.IN_PROGRESS, 5), (S.NOT_STARTED, 2))
THIS_YEAR_MIX = (
    (S.NOT_STARTED, 30),
    (S.IN_PROGRESS, 38),
    (S.WITH_SIGNATORY, 12),
    (S.SUBMITTED, 20),
)
LATE_SHARE = 0.12  # of last year's submissions, sent in after their due date
EXTENDED_SHARE = 0.03
COPIED_SHARE = 0.4  # of this year's started submissions, last year's answers copied in
THIS_YEAR_DUE_IN = dt.timedelta(weeks=4)
THIS_YEAR_OPENED = dt.timedelta(weeks=5)
HOUR = dt.timedelta(hours=1)
REPORT_AFTER = dt.timedelta(weeks=8)

# Forced states this year for London's first providers, so every London sign-in sees each
# state: rank 0 is the demo contributor's trust (in progress, so the demo shows the form).
LONDON_THIS_YEAR = {0: S.IN_PROGRESS, 1: S.WITH_SIGNATORY, 2: S.REOPENED, 3: S.SUBMITTED}

COMMENTS: dict[str, tuple[str, ...]] = {
    AnswerValue.MET: (
        "Checked during this year's placement audits at every site.",
        "Learner survey results support this; no concerns were raised.",
        "Reviewed with the practice education team; the arrangements are well established.",
        "Confirmed by our most recent internal quality review.",
        "Reported to the board in the annual education governance report.",
        "Discussed at the education quality committee, which found no gaps.",
    ),
    AnswerValue.PARTIALLY_MET: (
        "In place on most wards but not yet at the smaller sites.",
        "The arrangements exist, but learners' feedback shows they are not always followed.",
        "Better than last year; some teams still need support to apply it.",
        "The policy is agreed and being rolled out to every placement area.",
        "Works well for nursing learners; allied health learners report a mixed picture.",
    ),
    AnswerValue.NOT_MET: (
        "Not in place yet: our own review found this gap this year.",
        "Learner feedback and an incident review showed this is not happening reliably.",
        "Staffing pressures mean this has lapsed; a recovery plan is being agreed.",
    ),
    AnswerValue.NOT_APPLICABLE: (
        "We do not host placements of this kind.",
        "Not relevant to the services we provide.",
    ),
}
ACTIONS = (
    "Roll the agreed approach out to every placement area and check it at the next audit.",
    "Add this to the practice education facilitators' monthly checks and report the results "
    "to the education committee.",
    "Train placement supervisors at the smaller sites, then repeat the learner survey.",
    "Agree a recovery plan with the education lead and report progress to the board each quarter.",
    "Review the policy with learner representatives and publish the revised version.",
    "Name a contact for learners at each site and tell every learner who it is at induction.",
)
OWNERS = (
    "Director of Nursing",
    "Head of Education and Training",
    "Lead Practice Education Facilitator",
    "Deputy Chief Nurse",
    "Medical Education Manager",
    "Placement Quality Lead",
    "Head of Allied Health Professions",
)
EXTENSION_REASONS = (
    "A new executive team could not take the submission to the board before the due date.",
    "A cyber incident stopped access to the evidence for two weeks.",
    "The board meeting that reviews the submission moved because of industrial action.",
)
REOPEN_REASON = (
    "Reopened at the provider's request: one answer about learner supervision described the "
    "wrong site."
)


@dataclass(frozen=True)
class _Question:
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
class _Year:
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
class _People:
    """The demo sign-ins who act in the self-assessment, and the demo trust."""

    admin: User
    lead: User | None
    contributor: User | None
    executive: User | None
    trust_id: int | None


@dataclass
class _Rows:
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


def _pk(user: User | None) -> int | None:
    return user.pk if user is not None else None


def _moment(value: dt.datetime | None) -> Any:
    """A date and time as the database takes it (``insert_rows`` does not convert)."""
    return connection.ops.adapt_datetimefield_value(value)


def _aware(day: dt.date, minutes: int) -> dt.datetime:
    """A moment on ``day`` during working hours (``minutes`` after 8:00)."""
    moment = dt.datetime.combine(day, dt.time(8)) + dt.timedelta(minutes=minutes % 600)
    return timezone.make_aware(moment)


def _pick(rng: random.Random, mix: Iterable[tuple[str, int]]) -> str:
    states, weights = zip(*mix, strict=True)
    return str(rng.choices(states, weights)[0])


@functools.cache
def _difficulty(standard_ref: str) -> float:
    """Some standards are harder to meet than others, the same for every provider."""
    return random.Random(f"sa-standard:{standard_ref}").uniform(0.5, 1.8)  # noqa: S311


def _value(rng: random.Random, question: _Question, quality: float, year_bonus: float) -> str:
    if question.allow_not_applicable and rng.random() < 0.08:
        return AnswerValue.NOT_APPLICABLE
    hard = _difficulty(question.standard_ref) * year_bonus
    not_met = max(0.004, min(0.1, (0.035 - 0.025 * quality) * hard))
    partly = max(0.02, min(0.3, (0.11 - 0.06 * quality) * hard))
    draw = rng.random()
    if draw < not_met:
        return AnswerValue.NOT_MET
    if draw < not_met + partly:
        return AnswerValue.PARTIALLY_MET
    return AnswerValue.MET


def _comment(rng: random.Random, question: _Question, value: str) -> str:
    needed = question.comment_rule == CommentRule.REQUIRED or (
        question.comment_rule == CommentRule.REQUIRED_UNLESS_MET
        and value not in {AnswerValue.MET, AnswerValue.NOT_APPLICABLE}
    )
    chance = 0.2 if value == AnswerValue.MET else 0.85
    if needed or rng.random() < chance:
        return rng.choice(COMMENTS[value])
    return ""


class _Filler:
    """Plans the answers, actions, events and sign-off states of one campaign's new
    submissions."""

    def __init__(
        self,
        year: _Year,
        questions: list[_Question],
        people: _People,
        previous: dict[tuple[int, int], tuple[str, str]],
    ) -> None:
        self.year = year
        self.questions = questions
        self.people = people
        self.previous = previous  # (organisation id, question id) -> last year's answer
        self.previous_organisations = {organisation for organisation, _ in previous}
        self.rows = _Rows()
        self.today = clock.today()

    def state(self, code: str, forced: str | None) -> tuple[random.Random, str]:
        rng = random.Random(f"sa:{self.year.academic_year}:{code}")  # noqa: S311
        state = _pick(rng, self.year.mix)
        return rng, forced or state

    def fill(self, submission: Submission, code: str, forced: str | None) -> None:
        """Plan one submission's answers and history; its fields are set in place."""
        rng, state = self.state(code, forced)
        if state == S.NOT_STARTED:
            return
        quality = random.Random(f"sa-quality:{code}").uniform(-1.0, 1.0)  # noqa: S311
        demo_trust = submission.organisation_id == self.people.trust_id
        contributor = self.people.contributor if demo_trust else None
        opens = self.year.opens_on
        if not demo_trust and rng.random() < (0.02 if self.year.latest else EXTENDED_SHARE):
            submission.due_on += dt.timedelta(weeks=rng.choice((2, 3, 4)))
            submission.extension_reason = rng.choice(EXTENSION_REASONS)
            extended = _aware(opens + dt.timedelta(days=20), rng.randint(0, 599))
            self.event(submission, Kind.EXTENDED, extended, comment=submission.extension_reason)
        due = submission.due_on
        last_day = min(self.today - dt.timedelta(days=1), due + dt.timedelta(weeks=4))
        started_on = opens + dt.timedelta(days=rng.randint(0, max(0, (last_day - opens).days // 2)))
        started = _aware(started_on, rng.randint(0, 300))
        submission.status = state
        submission.started_at = started
        self.event(submission, Kind.STARTED, started, contributor)
        complete = state != S.IN_PROGRESS
        copied = (
            self.year.latest
            and not demo_trust
            and submission.organisation_id in self.previous_organisations
            and rng.random() < COPIED_SHARE
        )
        answered = len(self.questions)
        if not complete and not copied:
            answered = round(answered * (0.45 if demo_trust else rng.uniform(0.1, 0.9)))
        if copied:
            year = self.year.academic_year - 1
            comment = f"{answered} answers copied from {year}/{(year + 1) % 100:02d}"
            self.event(submission, Kind.COPIED, started + HOUR, comment=comment)
        sent = signed = None
        if state == S.WITH_SIGNATORY:
            sent_on = self.today - dt.timedelta(days=rng.randint(1, 6))
            sent = max(started + 2 * HOUR, _aware(sent_on, rng.randint(0, 599)))
        elif complete:
            if not self.year.latest and not demo_trust and rng.random() < LATE_SHARE:
                signed_on = due + dt.timedelta(days=rng.randint(1, 20))
            else:
                window = max(1, (min(due, last_day) - started_on).days)
                signed_on = started_on + dt.timedelta(days=rng.randint(max(1, window // 2), window))
            # The reopened one was signed a few days ago, so it can have been reopened since.
            signed_on = min(signed_on, last_day - dt.timedelta(days=3 * (state == S.REOPENED)))
            signed = max(started + 4 * HOUR, _aware(signed_on, rng.randint(0, 599)))
            sent = max(started + 2 * HOUR, signed - dt.timedelta(days=rng.randint(1, 5)))
        # The answers were last saved after it was started and before it was sent.
        end = sent - HOUR if sent else min(started + 7 * 24 * HOUR, _aware(last_day, 600))
        saved = started + (end - started) * rng.random()
        submission.answered_count = self.answers(
            submission,
            rng,
            quality,
            answered,
            complete=complete,
            copied=copied,
            by=contributor,
            at=saved,
        )
        if sent is None:
            return
        executive = self.people.executive if demo_trust else None
        submission.signatory = executive
        name = executive.full_name if executive else "the executive signatory"
        self.event(submission, Kind.SENT, sent, contributor, comment=f"Sent to {name}")
        if signed is None:
            return
        submission.status = S.SUBMITTED
        submission.submitted_at = signed
        self.event(submission, Kind.SIGNED, signed, executive)
        self.rows.signed.append((submission, self.rows.events[-1]))
        if state == S.REOPENED:
            reopened = _aware(last_day, rng.randint(0, 599))
            self.event(
                submission,
                Kind.REOPENED,
                reopened,
                self.people.lead,
                version=2,
                comment=REOPEN_REASON,
            )
            self.rows.reopened.append(submission)

    def answers(
        self,
        submission: Submission,
        rng: random.Random,
        quality: float,
        count: int,
        *,
        complete: bool,
        copied: bool,
        by: User | None,
        at: dt.datetime,
    ) -> int:
        year_bonus = 0.9 if self.year.latest else 1.0
        organisation = submission.organisation_id
        by_pk, saved = _pk(by), _moment(at)
        for question in self.questions[:count]:
            value = _value(rng, question, quality, year_bonus)
            comment = _comment(rng, question, value)
            before_value, before_comment = "", ""
            if copied:
                before_value, before_comment = self.previous.get(
                    (organisation, question.id), ("", "")
                )
            if before_value and rng.random() < 0.9:
                # Copied from last year and left as it was.
                value, comment = before_value, before_comment
            self.rows.answers.append(
                (
                    submission.pk,
                    question.id,
                    value,
                    comment,
                    1,
                    before_value,
                    before_comment,
                    by_pk,
                    saved,
                )
            )
            # A complete submission has an action for every answer that needs one; work in
            # progress sometimes has not got there yet.
            if value in NEEDS_ACTION and (complete or rng.random() < 0.7):
                action = (
                    rng.choice(ACTIONS),
                    rng.choice(OWNERS),
                    self.year.due_on + dt.timedelta(days=rng.randint(30, 270)),
                    by_pk,
                    saved,
                    saved,
                )
                self.rows.actions.append(((submission.pk, question.id), action))
        return min(count, len(self.questions))

    def event(
        self,
        submission: Submission,
        kind: str,
        at: dt.datetime,
        actor: User | None = None,
        *,
        version: int = 1,
        comment: str = "",
    ) -> None:
        self.rows.events.append([submission.pk, kind, _pk(actor), version, at, comment])


def _framework() -> FrameworkVersion:
    """The default framework, loaded unless a campaign already uses it (it is then frozen,
    and a newer file must not stop the demo from seeding)."""
    code = json.loads(DEFAULT_FRAMEWORK_FILE.read_text(encoding="utf-8"))["code"]
    version = FrameworkVersion.objects.filter(code=code).first()
    if version is None or not is_frozen(version):
        framework_load_file(actor=None, path=DEFAULT_FRAMEWORK_FILE)
    return FrameworkVersion.objects.get(code=code)


def _questions(version: FrameworkVersion) -> list[_Question]:
    rows = (
        Question.objects.filter(version=version)
        .order_by("domain__number", "standard__number", "number")
        .values_list(
            "id",
            "ref",
            "standard__ref",
            "allow_not_applicable",
            "comment_rule",
            "text",
            "domain__number",
            "domain__title",
            "standard__title",
        )
    )
    return [_Question(*row) for row in rows]


def _people(plan: Plan, actor: User) -> _People:
    emails = {persona.role: persona.email for persona in PERSONAS}
    users = {user.email: user for user in User.objects.filter(email__in=emails.values())}
    return _People(
        admin=actor,
        lead=users.get(emails[Role.REGIONAL_LEAD]),
        contributor=users.get(emails[Role.PP_CONTRIBUTOR]),
        executive=users.get(emails[Role.PP_EXECUTIVE]),
        trust_id=homes(plan)["london_trust"].pk,
    )


def _forced(plan: Plan, year: _Year) -> dict[str, str]:
    """ODS code -> the state that provider must be in, whatever its seed says."""
    london = {pp.rank: pp.code for pp in plan.placement_providers if pp.region_code == "LON"}
    if year.latest:
        return {london[rank]: state for rank, state in LONDON_THIS_YEAR.items() if rank in london}
    return {london[0]: S.SUBMITTED} if 0 in london else {}


def _previous_answers(year: _Year) -> dict[tuple[int, int], tuple[str, str]]:
    """Last year's answers by (organisation, question), to copy into this year's."""
    if not year.latest:
        return {}
    rows = Answer.objects.filter(
        submission__campaign__academic_year=year.academic_year - 1
    ).values_list("submission__organisation_id", "question_id", "value", "comment")
    return {(org, question): (value, comment) for org, question, value, comment in rows}


def _campaign(year: _Year, version: FrameworkVersion, actor: User) -> tuple[Campaign, set[int]]:
    """The year's campaign, opened through the campaign service (without e-mails) if there
    is none, and the providers that already had a submission in it."""
    campaign = Campaign.objects.filter(academic_year=year.academic_year).first()
    if campaign is not None:
        return campaign, set(campaign.submissions.values_list("organisation_id", flat=True))
    campaign = campaign_open(
        actor=actor,
        name=year.name,
        academic_year=year.academic_year,
        framework_version=version,
        provider_types=[],
        region_ids=[],
        opens_on=year.opens_on,
        due_on=year.due_on,
        notify=False,
    )
    if not year.latest:
        with acting_as(actor, source="seed_demo"):
            campaign.status = CampaignStatus.CLOSED
            campaign.save(update_fields=["status", "updated_at"])
    return campaign, set()


def _new_submissions(
    campaign: Campaign, before: set[int], codes: dict[int, str]
) -> list[Submission]:
    """Give every planned open provider a submission (the campaign service gave one to each
    provider there was when it opened); return those that are new in this run."""
    present = set(campaign.submissions.values_list("organisation_id", flat=True))
    Submission.objects.bulk_create(
        [
            Submission(campaign=campaign, organisation_id=organisation, due_on=campaign.due_on)
            for organisation in codes
            if organisation not in present
        ],
        batch_size=BATCH_SIZE,
    )
    new = [organisation for organisation in codes if organisation not in before]
    if not new:
        return []
    submissions = campaign.submissions.filter(organisation_id__in=new).select_related(
        "campaign__framework_version", "organisation"
    )
    return sorted(submissions, key=lambda submission: codes[submission.organisation_id])


SUBMISSION_FIELDS = [
    "status",
    "due_on",
    "extension_reason",
    "signatory",
    "answered_count",
    "started_at",
    "submitted_at",
]


def _write_answers(submissions: list[Submission], rows: _Rows) -> None:
    """Write the submissions' states, their answers and the answers' actions."""
    started = [submission for submission in submissions if submission.status != S.NOT_STARTED]
    Submission.objects.bulk_update(started, SUBMISSION_FIELDS, batch_size=500)
    after = Answer.objects.aggregate(last=Max("pk"))["last"] or 0
    insert_rows(Answer, ANSWER_COLUMNS, rows.answers)
    ids = {
        (submission, question): pk
        for submission, question, pk in Answer.objects.filter(pk__gt=after).values_list(
            "submission_id", "question_id", "pk"
        )
    }
    insert_rows(
        Action,
        ACTION_COLUMNS,
        [
            (ids[key], description, owner, connection.ops.adapt_datefield_value(due), *rest)
            for key, (description, owner, due, *rest) in rows.actions
        ],
    )


def _snapshot(
    submission: Submission,
    questions: list[_Question],
    answers: dict[int, tuple[Any, ...]],
    actions: dict[int, list[tuple[Any, ...]]],
) -> dict[str, Any]:
    """What ``snapshot_of`` returns for a demo submission, built from the rows in memory:
    the sign-off service reads each submission with four queries, too slow for 1,500.
    The demo has no evidence files. ``_snapshots`` checks it against the service."""
    rows = []
    for question in questions:
        _, _, value, comment, *_ = answers.get(question.id) or (0, 0, "", "")
        rows.append(
            {
                "ref": question.ref,
                "domain": {"number": question.domain_number, "title": question.domain_title},
                "standard": {"ref": question.standard_ref, "title": question.standard_title},
                "text": question.text,
                "value": value,
                "label": str(AnswerValue(value).label) if value else "",
                "comment": comment,
                "actions": [
                    {"description": description, "owner": owner, "due_on": due.isoformat()}
                    # In the service's order: by due date, then as they were added.
                    for description, owner, due, *_ in sorted(
                        actions.get(question.id, []), key=lambda action: action[2]
                    )
                ],
                "evidence": [],
            }
        )
    organisation = submission.organisation
    campaign = submission.campaign
    return {
        "submission": submission.pk,
        "version": submission.version,
        "provider": {
            "id": organisation.pk,
            "name": organisation.name,
            "ods_code": organisation.ods_code or "",
        },
        "campaign": {
            "id": campaign.pk,
            "name": campaign.name,
            "academic_year": campaign.academic_year,
        },
        "framework": campaign.framework_version.code,
        "questions": rows,
    }


def _snapshots(rows: _Rows, questions: list[_Question]) -> list[dict[str, Any]]:
    """The snapshot of every signed submission, exactly as the sign-off service makes it.

    The first few are also made by the service itself, from the database; if any differs
    (its format changed), the service makes them all, slower but still right."""
    answers: dict[int, dict[int, tuple[Any, ...]]] = defaultdict(dict)
    for row in rows.answers:
        answers[row[0]][row[1]] = row
    actions: dict[int, dict[int, list[tuple[Any, ...]]]] = defaultdict(lambda: defaultdict(list))
    for (submission, question), action in rows.actions:
        actions[submission][question].append(action)
    snapshots = [
        _snapshot(submission, questions, answers[submission.pk], actions[submission.pk])
        for submission, _ in rows.signed
    ]
    checked = min(len(snapshots), SNAPSHOTS_CHECKED)
    if any(snapshots[i] != snapshot_of(rows.signed[i][0]) for i in range(checked)):
        return [snapshot_of(submission) for submission, _ in rows.signed]
    return snapshots


def _sign_off(rows: _Rows, questions: list[_Question]) -> None:
    """Sign off what was signed, with the sign-off service's snapshot and hash, then reopen
    the one to reopen and write the events."""
    sign_offs = []
    for (submission, signed), snapshot in zip(
        rows.signed, _snapshots(rows, questions), strict=True
    ):
        sha256 = content_hash(snapshot)
        signed[-1] = f"Content hash {sha256}"  # the event's comment, as the service writes it
        sign_offs.append(
            (
                submission.pk,
                submission.version,
                json.dumps(snapshot, separators=(",", ":")),
                sha256,
                DECLARATION,
                _pk(submission.signatory),
                _moment(submission.submitted_at),
            )
        )
    insert_rows(SignOff, SIGN_OFF_COLUMNS, sign_offs)
    for submission in rows.reopened:
        submission.status = S.REOPENED
        submission.version += 1
    Submission.objects.bulk_update(rows.reopened, ["status", "version"])
    insert_rows(
        SubmissionEvent,
        EVENT_COLUMNS,
        [
            (pk, kind, actor, version, _moment(at), comment)
            for pk, kind, actor, version, at, comment in rows.events
        ],
    )


def _seed_campaign(
    year: _Year,
    version: FrameworkVersion,
    questions: list[_Question],
    people: _People,
    plan: Plan,
) -> tuple[Campaign, int]:
    """Open the year's campaign if need be and fill in its new submissions; returns the
    campaign and how many submissions it gained."""
    campaign, before = _campaign(year, version, people.admin)
    planned = [pp.code for pp in plan.placement_providers if pp.is_open]
    codes = {
        pk: str(code)
        for pk, code in Organisation.objects.filter(
            ods_code__in=planned, status=Status.OPEN
        ).values_list("id", "ods_code")
    }
    new = _new_submissions(campaign, before, codes)
    if not new:
        return campaign, 0
    filler = _Filler(year, questions, people, _previous_answers(year))
    forced = _forced(plan, year)
    for submission in new:
        code = codes[submission.organisation_id]
        filler.fill(submission, code, forced.get(code))
    _write_answers(new, filler.rows)
    _sign_off(filler.rows, questions)
    return campaign, len(new)


def _publish(campaign: Campaign, actor: User, added: int) -> None:
    """Publish last year's national report, again if this run added submissions to it."""
    report = NationalReport.objects.filter(campaign=campaign).first()
    if report is not None and report.status == ReportStatus.PUBLISHED:
        if added:  # published again today, so that it counts the providers just added
            report_publish(actor=actor, campaign=campaign)
        return
    # First published eight weeks after the campaign closed, or a week ago if that is sooner.
    published = min(campaign.due_on + REPORT_AFTER, clock.today() - dt.timedelta(days=7))
    with clock.as_of(published):
        report_publish(actor=actor, campaign=campaign)


def seed_assessments(plan: Plan, actor: User) -> Tally:
    """Last year's campaign and this year's for the plan's open placement providers;
    ``actor`` (the demo administrator) opens them and publishes last year's report.
    Counts submissions: those filled in now, and those that were there already."""
    version = _framework()
    questions = _questions(version)
    if not questions:
        raise ValidationError(f"The framework {version.code} has no questions to answer")
    people = _people(plan, actor)
    latest = plan.years[-1]
    today = clock.today()
    last = _Year(
        latest - 1,
        dt.date(latest - 1, 11, 3),
        dt.date(latest, 1, 30),
        LAST_YEAR_MIX,
        latest=False,
    )
    this = _Year(
        latest, today - THIS_YEAR_OPENED, today + THIS_YEAR_DUE_IN, THIS_YEAR_MIX, latest=True
    )
    in_scope = sum(1 for pp in plan.placement_providers if pp.is_open)
    campaign, added = _seed_campaign(last, version, questions, people, plan)
    _publish(campaign, actor, added)
    _, added_now = _seed_campaign(this, version, questions, people, plan)
    created = added + added_now
    return Tally(created=created, unchanged=max(0, 2 * in_scope - created))

"""Each demo submission's state and history: when it was started, sent to the signatory,
signed, extended or reopened, and the events that record it. Its answers are planned by
``answers.Answering`` as it goes."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterable

from accounts.models import User
from assessments.demo.answers import Answering
from assessments.demo.rows import HOUR, CampaignYear, People, PlannedQuestion, Rows, aware, pk_of
from assessments.demo.texts import EXTENSION_REASONS, REOPEN_REASON
from assessments.models import Submission, SubmissionEvent
from assessments.models import SubmissionStatus as S
from core import clock
from core.demo.plan import Plan

Kind = SubmissionEvent.Kind

LATE_SHARE = 0.12  # of last year's submissions, sent in after their due date
EXTENDED_SHARE = 0.03
COPIED_SHARE = 0.4  # of this year's started submissions, last year's answers copied in

# Forced states this year for London's first providers, so every London sign-in sees each
# state: rank 0 is the demo contributor's trust (in progress, so the demo shows the form).
LONDON_THIS_YEAR = {0: S.IN_PROGRESS, 1: S.WITH_SIGNATORY, 2: S.REOPENED, 3: S.SUBMITTED}


def forced_states(plan: Plan, year: CampaignYear) -> dict[str, str]:
    """ODS code -> the state that provider must be in, whatever its seed says."""
    london = {pp.rank: pp.code for pp in plan.placement_providers if pp.region_code == "LON"}
    if year.latest:
        return {london[rank]: state for rank, state in LONDON_THIS_YEAR.items() if rank in london}
    return {london[0]: S.SUBMITTED} if 0 in london else {}


def _pick(rng: random.Random, mix: Iterable[tuple[str, int]]) -> str:
    states, weights = zip(*mix, strict=True)
    return str(rng.choices(states, weights)[0])


class Filler:
    """Plans the answers, actions, events and sign-off states of one campaign's new
    submissions."""

    def __init__(
        self,
        year: CampaignYear,
        questions: list[PlannedQuestion],
        people: People,
        previous: dict[tuple[int, int], tuple[str, str]],
    ) -> None:
        self.year = year
        self.questions = questions
        self.people = people
        self.previous_organisations = {organisation for organisation, _ in previous}
        self.rows = Rows()
        self.answering = Answering(year, questions, previous, self.rows)
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
            self.extend(submission, rng)
        due = submission.due_on
        last_day = min(self.today - dt.timedelta(days=1), due + dt.timedelta(weeks=4))
        started_on = opens + dt.timedelta(days=rng.randint(0, max(0, (last_day - opens).days // 2)))
        started = aware(started_on, rng.randint(0, 300))
        submission.status = state
        submission.started_at = started
        self.event(submission, Kind.STARTED, started, contributor)
        complete = state != S.IN_PROGRESS
        answered, copied = self.extent(
            submission, rng, started, complete=complete, demo_trust=demo_trust
        )
        sent, signed = self.moments(
            rng, state, started, started_on, last_day, due=due, demo_trust=demo_trust
        )
        # The answers were last saved after it was started and before it was sent.
        end = sent - HOUR if sent else min(started + 7 * 24 * HOUR, aware(last_day, 600))
        saved = started + (end - started) * rng.random()
        submission.answered_count = self.answering.plan(
            submission,
            rng,
            quality,
            answered,
            complete=complete,
            copied=copied,
            by=contributor,
            at=saved,
        )
        if sent is not None:
            self.sign(submission, rng, state, sent, signed, last_day, demo_trust=demo_trust)

    def extend(self, submission: Submission, rng: random.Random) -> None:
        """Give the provider an extension (with a reason), granted soon after opening."""
        submission.due_on += dt.timedelta(weeks=rng.choice((2, 3, 4)))
        submission.extension_reason = rng.choice(EXTENSION_REASONS)
        extended = aware(self.year.opens_on + dt.timedelta(days=20), rng.randint(0, 599))
        self.event(submission, Kind.EXTENDED, extended, comment=submission.extension_reason)

    def extent(
        self,
        submission: Submission,
        rng: random.Random,
        started: dt.datetime,
        *,
        complete: bool,
        demo_trust: bool,
    ) -> tuple[int, bool]:
        """How many questions are answered, and whether last year's answers were copied in
        first (recorded an hour after starting)."""
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
        return answered, copied

    def moments(
        self,
        rng: random.Random,
        state: str,
        started: dt.datetime,
        started_on: dt.date,
        last_day: dt.date,
        *,
        due: dt.date,
        demo_trust: bool,
    ) -> tuple[dt.datetime | None, dt.datetime | None]:
        """When it was sent to the signatory and when signed (None for what has not
        happened)."""
        if state == S.WITH_SIGNATORY:
            sent_on = self.today - dt.timedelta(days=rng.randint(1, 6))
            return max(started + 2 * HOUR, aware(sent_on, rng.randint(0, 599))), None
        if state == S.IN_PROGRESS:
            return None, None
        if not self.year.latest and not demo_trust and rng.random() < LATE_SHARE:
            signed_on = due + dt.timedelta(days=rng.randint(1, 20))
        else:
            window = max(1, (min(due, last_day) - started_on).days)
            signed_on = started_on + dt.timedelta(days=rng.randint(max(1, window // 2), window))
        # The reopened one was signed a few days ago, so it can have been reopened since.
        signed_on = min(signed_on, last_day - dt.timedelta(days=3 * (state == S.REOPENED)))
        signed = max(started + 4 * HOUR, aware(signed_on, rng.randint(0, 599)))
        sent = max(started + 2 * HOUR, signed - dt.timedelta(days=rng.randint(1, 5)))
        return sent, signed

    def sign(
        self,
        submission: Submission,
        rng: random.Random,
        state: str,
        sent: dt.datetime,
        signed: dt.datetime | None,
        last_day: dt.date,
        *,
        demo_trust: bool,
    ) -> None:
        """Send it to the signatory, then sign it and reopen it if its state says so."""
        contributor = self.people.contributor if demo_trust else None
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
            reopened = aware(last_day, rng.randint(0, 599))
            self.event(
                submission,
                Kind.REOPENED,
                reopened,
                self.people.lead,
                version=2,
                comment=REOPEN_REASON,
            )
            self.rows.reopened.append(submission)

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
        self.rows.events.append([submission.pk, kind, pk_of(actor), version, at, comment])

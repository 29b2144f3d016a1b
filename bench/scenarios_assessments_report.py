"""The self-assessment national report at national scale: computing its figures and serving
the published public page.

It needs a campaign with about 1,500 submitted submissions of about 120 answers each and a
campaign the year before. If the database already has such a pair (the national demo data
may), it is used as it is; otherwise the scenario writes its own with bulk_create: two
framework versions of 120 questions (the later one's standards mapped to the earlier one's),
two campaigns in years nobody uses, a submitted submission per open placement provider with
an answer to every question, and actions on some partially met and not met answers, each
submission signed off (a sign-off whose snapshot holds what the report reads, and the signed
rows written from it by the sign-off service's ``signed_copy_write``), then refreshes the
planner's statistics. What it wrote is removed at the end. The plain SQL reads the same
signed answer rows the figures count.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from auditlog.context import disable_auditlog
from django.db import connection
from django.db.models import Count, Q
from django.test import Client
from django.utils import timezone

from accounts.models import User
from assessments.framework.loading import framework_load
from assessments.models import (
    Action,
    Answer,
    Campaign,
    FrameworkVersion,
    NationalReport,
    Question,
    ReportStatus,
    SignedAction,
    SignedAnswer,
    SignOff,
    Standard,
    Submission,
    SubmissionStatus,
)
from assessments.report.figures import previous_campaign, report_figures
from assessments.report.services import report_publish
from assessments.signoff.services import content_hash
from assessments.signoff.signed import signed_copy_write
from bench.timing import Measure, measure, sql_ms
from organisations.kinds import OrganisationKind
from organisations.models import Organisation, Status

BATCH = 5000
ENOUGH = 1000  # submitted submissions for an existing campaign to count as national scale
YEARS = (2080, 2081)  # last year, this year: years nobody else uses
CODES = ("QFBENCHP", "QFBENCH")
VALUES = ["met"] * 14 + ["partially_met"] * 3 + ["not_met"] * 2 + ["not_applicable"]


def _framework(code: str, previous: str | None) -> dict[str, Any]:
    """Six domains of five standards of four questions: 120 questions."""
    return {
        "code": code,
        "name": f"Benchmark framework {code}",
        "domains": [
            {
                "number": d,
                "title": f"Domain {d}",
                "standards": [
                    {
                        "number": s,
                        "title": f"Standard {d}.{s}",
                        **({"previous": f"{previous}-{d}.{s}"} if previous else {}),
                        "questions": [
                            {
                                "number": q,
                                "text": f"Question {d}.{s}.{q}",
                                "allow_not_applicable": True,
                            }
                            for q in range(1, 5)
                        ],
                    }
                    for s in range(1, 6)
                ],
            }
            for d in range(1, 7)
        ],
    }


def _existing() -> Campaign | None:
    """The campaign with most submitted submissions, if national scale with a year before."""
    campaign = (
        Campaign.objects.annotate(
            done=Count("submissions", filter=Q(submissions__status="submitted"))
        )
        .filter(done__gte=ENOUGH)
        .order_by("-done", "-academic_year")
        .first()
    )
    if campaign is None or previous_campaign(campaign) is None:
        return None
    return campaign


def _fill(campaign: Campaign, providers: list[Organisation], rng: random.Random) -> None:
    questions = list(Question.objects.filter(version=campaign.framework_version).order_by("ref"))
    when = timezone.make_aware(dt.datetime.combine(campaign.due_on, dt.time(9)))
    submissions = []
    for provider in providers:
        extended = rng.random() < 0.03
        late = rng.random() < 0.1
        submissions.append(
            Submission(
                campaign=campaign,
                organisation=provider,
                status=SubmissionStatus.SUBMITTED,
                due_on=campaign.due_on + dt.timedelta(days=14 if extended else 0),
                submitted_at=when + dt.timedelta(days=rng.randint(1, 10) if late else -1),
                answered_count=len(questions),
            )
        )
    Submission.objects.bulk_create(submissions, batch_size=BATCH)
    created = Submission.objects.filter(campaign=campaign).values_list("id", flat=True)
    answers = [
        Answer(submission_id=sid, question_id=q.pk, value=rng.choice(VALUES), revision=1)
        for sid in created
        for q in questions
    ]
    Answer.objects.bulk_create(answers, batch_size=BATCH)
    needing = Answer.objects.filter(
        submission__campaign=campaign, value__in=["partially_met", "not_met"]
    ).values_list("id", flat=True)
    actions = [
        Action(
            answer_id=aid,
            description=f"Action plan item {n}: review with the learners' forum",
            owner="Head of education",
            due_on=campaign.due_on + dt.timedelta(days=180),
        )
        for n, aid in enumerate(needing)
        if n % 4 == 0
    ]
    Action.objects.bulk_create(actions, batch_size=BATCH)
    _sign(campaign, questions)


def _sign(campaign: Campaign, questions: list[Question]) -> None:
    """A sign-off of each submission, its snapshot holding the questions' refs, values and
    actions (the rest of a real snapshot the report does not read), then the signed rows."""
    refs = {q.pk: q.ref for q in questions}
    rows: dict[int, dict[int, dict[str, Any]]] = {}
    for submission, question, value in Answer.objects.filter(
        submission__campaign=campaign
    ).values_list("submission_id", "question_id", "value"):
        rows.setdefault(submission, {})[question] = {
            "ref": refs[question],
            "value": value,
            "actions": [],
        }
    for submission, question, description, owner, due_on in (
        Action.objects.filter(answer__submission__campaign=campaign)
        .order_by("due_on", "pk")
        .values_list(
            "answer__submission_id", "answer__question_id", "description", "owner", "due_on"
        )
    ):
        rows[submission][question]["actions"].append(
            {"description": description, "owner": owner, "due_on": due_on.isoformat()}
        )
    sign_offs = []
    for submission, answers in rows.items():
        snapshot = {
            "submission": submission,
            "version": 1,
            "questions": [answers[q.pk] for q in questions if q.pk in answers],
        }
        sign_offs.append(
            SignOff(
                submission_id=submission,
                version=1,
                snapshot=snapshot,
                sha256=content_hash(snapshot),
                declaration="Benchmark sign-off",
            )
        )
    SignOff.objects.bulk_create(sign_offs, batch_size=500)
    for start in range(0, len(sign_offs), 250):
        signed_copy_write(sign_offs[start : start + 250])


def _create() -> tuple[Campaign, list[Campaign]]:
    rng = random.Random(2081)  # noqa: S311 (benchmark data, not security)
    with disable_auditlog():
        framework_load(actor=None, data=_framework(CODES[0], None))
        framework_load(actor=None, data=_framework(CODES[1], CODES[0]))
    providers = list(
        Organisation.objects.filter(kind=OrganisationKind.PLACEMENT_PROVIDER, status=Status.OPEN)
    )
    campaigns = []
    for year, code in zip(YEARS, CODES, strict=True):
        opens = dt.date(year, 9, 1)
        campaign = Campaign.objects.create(
            name=f"Benchmark self-assessment {year}",
            academic_year=year,
            framework_version=FrameworkVersion.objects.get(code=code),
            opens_on=opens,
            due_on=opens + dt.timedelta(days=60),
        )
        _fill(campaign, providers, rng)
        campaigns.append(campaign)
    # Fresh statistics for the planner, as the database's own background analysis would
    # give a table that just grew by 360,000 rows; without them PostgreSQL guesses one
    # submission per campaign and picks nested loops.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return campaigns[-1], campaigns


def _remove(campaigns: list[Campaign]) -> None:
    """Delete what the scenario wrote, with plain deletes: there are 360,000 answers."""
    ids = [c.pk for c in campaigns]
    with disable_auditlog():
        NationalReport.objects.filter(campaign_id__in=ids).delete()
        signed_actions = SignedAction.objects.filter(answer__submission__campaign_id__in=ids)
        signed_actions._raw_delete(signed_actions.db)
        signed = SignedAnswer.objects.filter(submission__campaign_id__in=ids)
        signed._raw_delete(signed.db)
        SignOff.objects.filter(submission__campaign_id__in=ids).delete()
        actions = Action.objects.filter(answer__submission__campaign_id__in=ids)
        actions._raw_delete(actions.db)
        answers = Answer.objects.filter(submission__campaign_id__in=ids)
        answers._raw_delete(answers.db)
        Submission.objects.filter(campaign_id__in=ids).delete()
        Campaign.objects.filter(pk__in=ids).delete()
        Standard.objects.filter(domain__version__code=CODES[1]).update(previous=None)
        for code in reversed(CODES):
            FrameworkVersion.objects.filter(code=code).delete()


def run() -> list[Measure]:
    created: list[Campaign] = []
    campaign = _existing()
    if campaign is None:
        campaign, created = _create()
    try:
        return _measure(campaign)
    finally:
        if created:
            _remove(created)


def _measure(campaign: Campaign) -> list[Measure]:
    last = previous_campaign(campaign)
    assert last is not None
    submitted = campaign.submissions.filter(status="submitted").count()
    answers = SignedAnswer.objects.filter(
        submission__campaign=campaign, submission__status="submitted"
    ).count()
    last_answers = SignedAnswer.objects.filter(
        submission__campaign=last, submission__status="submitted"
    ).count()
    answers_sql = (
        "SELECT a.value, q.standard_id, q.domain_id, o.region_id, o.provider_type "
        "FROM assessments_signedanswer a "
        "JOIN assessments_submission s ON s.id = a.submission_id AND s.version = a.version "
        "JOIN assessments_question q ON q.id = a.question_id "
        "JOIN organisations_organisation o ON o.id = s.organisation_id "
        "WHERE s.campaign_id IN (%s, %s) AND s.status = 'submitted'"
    )
    figures = measure(
        f"National report figures: {submitted:,} submitted self-assessments, {answers:,} "
        f"signed answers this year and {last_answers:,} last year",
        lambda: report_figures(campaign),
        runs=5,
        warmup=1,
        target="< 1 s",
    )
    figures.sql_ms = sql_ms(answers_sql, [campaign.pk, last.pk], runs=5)
    figures.note = "GROUP BY in the database; the SQL reads every signed answer row it counts"
    results = [figures]

    report = NationalReport.objects.filter(campaign=campaign).first()
    if report is None or report.status != ReportStatus.PUBLISHED:
        admin = User.objects.get(email="admin@demo.test")
        with disable_auditlog():
            report = report_publish(actor=admin, campaign=campaign)
    anonymous = Client()
    path = f"/self-assessment/public/reports/{campaign.academic_year}/"
    page = measure(
        "Published national report, public page (no sign-in)",
        lambda: anonymous.get(path),
        target="< 300 ms",
    )
    page.sql_ms = sql_ms(
        "SELECT r.figures FROM assessments_nationalreport r "
        "JOIN assessments_campaign c ON c.id = r.campaign_id "
        "WHERE c.academic_year = %s AND r.status = 'published'",
        [campaign.academic_year],
    )
    page.note = "renders the frozen figures: the same queries however many answers"
    results.append(page)
    return results

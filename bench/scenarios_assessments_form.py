"""Self-assessment form at national scale: one domain page and saving one answer.

Uses the open campaign of the demonstration data when it covers the national placement
providers and the demo contributor's submission is still editable. Otherwise it opens a
campaign of its own (academic year 2040) for every placement provider, on the default
framework (or a 100-question one built here if that file is missing), and fills about 100
answers per submission with bulk_create.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.db.models import Count
from django.test import Client

from access.models import Membership
from access.roles import Role
from accounts.models import User
from assessments.form.services import answer_save
from assessments.models import (
    Answer,
    Campaign,
    CampaignStatus,
    Domain,
    FrameworkVersion,
    Question,
    Submission,
    SubmissionStatus,
)
from bench.timing import Measure, measure, sql_ms
from core import clock
from organisations.kinds import OrganisationKind
from organisations.models import Organisation

BENCH_YEAR = 2040
CONTRIBUTOR = "pp.contributor@demo.test"
VALUES = ["met", "met", "met", "partially_met", "not_met"]


def _framework() -> FrameworkVersion:
    from assessments.framework import loading as framework_loading

    path = getattr(framework_loading, "DEFAULT_FRAMEWORK_FILE", None)
    if path is not None and path.is_file():
        framework_loading.framework_load_file(actor=None, path=path)
        return FrameworkVersion.objects.get(code=_code(path))
    data: dict[str, Any] = {
        "code": "QFBENCH",
        "name": "Benchmark framework",
        "domains": [
            {
                "number": d,
                "title": f"Domain {d}",
                "standards": [
                    {
                        "number": s,
                        "title": f"Standard {d}.{s}",
                        "questions": [
                            {"number": q, "text": f"Question {d}.{s}.{q}", "guidance": "Say how."}
                            for q in range(1, 5)
                        ],
                    }
                    for s in range(1, 6)
                ],
            }
            for d in range(1, 6)
        ],
    }
    framework_loading.framework_load(actor=None, data=data)
    return FrameworkVersion.objects.get(code="QFBENCH")


def _code(path: Any) -> str:
    import json

    return str(json.loads(path.read_text(encoding="utf-8"))["code"])


def _demo_submission(organisation_id: int) -> Submission | None:
    """The demo contributor's submission in an open national campaign, if editable."""
    campaign = (
        Campaign.objects.filter(status=CampaignStatus.OPEN)
        .annotate(n=Count("submissions"))
        .filter(n__gte=1000)
        .order_by("-academic_year")
        .first()
    )
    if campaign is None or not Answer.objects.filter(submission__campaign=campaign).exists():
        return None
    submission = Submission.objects.filter(
        campaign=campaign, organisation_id=organisation_id
    ).first()
    return submission if submission is not None and submission.is_editable else None


def _bench_submission(organisation_id: int) -> Submission:
    """A campaign of our own for every placement provider, with answers filled in bulk."""
    campaign = Campaign.objects.filter(academic_year=BENCH_YEAR).first()
    if campaign is None:
        today = clock.today()
        campaign = Campaign.objects.create(
            name="Benchmark self-assessment",
            academic_year=BENCH_YEAR,
            framework_version=_framework(),
            opens_on=today,
            due_on=today + dt.timedelta(days=60),
        )
        providers = Organisation.objects.filter(kind=OrganisationKind.PLACEMENT_PROVIDER)
        Submission.objects.bulk_create(
            [
                Submission(
                    campaign=campaign,
                    organisation=provider,
                    due_on=campaign.due_on,
                    status=SubmissionStatus.IN_PROGRESS,
                )
                for provider in providers
            ],
            batch_size=2000,
        )
        questions = list(Question.objects.filter(version=campaign.framework_version))
        rng = random.Random(BENCH_YEAR)  # noqa: S311 (benchmark data, not security)
        answers: list[Answer] = []
        for submission_id in campaign.submissions.values_list("pk", flat=True):
            for question in questions:
                value = rng.choice(VALUES)
                answers.append(
                    Answer(
                        submission_id=submission_id,
                        question=question,
                        value=value,
                        comment=f"{value.replace('_', ' ').capitalize()}: see the ward audit.",
                        revision=1,
                    )
                )
            if len(answers) >= 20_000:
                Answer.objects.bulk_create(answers, batch_size=5000)
                answers = []
        Answer.objects.bulk_create(answers, batch_size=5000)
        campaign.submissions.update(answered_count=len(questions))
    submission, _ = Submission.objects.get_or_create(
        campaign=campaign,
        organisation_id=organisation_id,
        defaults={"due_on": campaign.due_on, "status": SubmissionStatus.IN_PROGRESS},
    )
    return submission


def run() -> list[Measure]:
    user = User.objects.get(email=CONTRIBUTOR)
    organisation_id = (
        Membership.objects.filter(user=user, role=Role.PP_CONTRIBUTOR)
        .values_list("organisation_id", flat=True)
        .first()
    )
    assert organisation_id is not None, "the demo contributor has no placement provider"
    submission = _demo_submission(organisation_id) or _bench_submission(organisation_id)
    submission = Submission.objects.select_related("campaign", "organisation").get(pk=submission.pk)
    version_id = submission.campaign.framework_version_id
    # The domain with the most questions: the heaviest page.
    domain = (
        Domain.objects.filter(version_id=version_id)
        .annotate(n=Count("questions"))
        .order_by("-n", "number")
        .first()
    )
    assert domain is not None
    submissions = Submission.objects.filter(campaign=submission.campaign).count()
    answers = Answer.objects.filter(submission__campaign=submission.campaign).count()
    client = Client()
    client.force_login(user)
    url = f"/self-assessment/submissions/{submission.pk}/domain/{domain.number}/"
    page = measure(
        f"Self-assessment domain page, {domain.questions.count()} questions "
        f"({submissions:,} submissions, {answers:,} answers, contributor)",
        lambda: client.get(url),
        target="< 150 ms",
    )
    page.sql_ms = sql_ms(
        "SELECT q.id, q.text, q.guidance, s.number, s.title, a.id, a.value, a.comment, "
        "a.revision, a.previous_value FROM assessments_question q "
        "JOIN assessments_standard s ON s.id = q.standard_id "
        "LEFT JOIN assessments_answer a ON a.question_id = q.id AND a.submission_id = %s "
        "WHERE q.domain_id = %s ORDER BY s.number, q.number",
        [submission.pk, domain.pk],
    )
    question = Question.objects.filter(domain=domain).order_by("standard__number", "number")[0]
    current = Answer.objects.filter(submission=submission, question=question).first()
    state = {"revision": current.revision if current else 0, "turn": 0}

    def save() -> None:
        state["turn"] += 1
        answer = answer_save(
            actor=user,
            submission=submission,
            question=question,
            value=VALUES[state["turn"] % 2 + 3],
            comment=f"Saved by the benchmark, turn {state['turn']}",
            revision=state["revision"],
        )
        state["revision"] = answer.revision

    saving = measure("Saving one answer (service, audited)", save, target="< 50 ms")
    saving.sql_ms = sql_ms(
        "SELECT id, value, comment, revision FROM assessments_answer "
        "WHERE submission_id = %s AND question_id = %s",
        [submission.pk, question.pk],
    )
    endpoint = f"/self-assessment/submissions/{submission.pk}/answer/"

    def autosave() -> None:
        state["turn"] += 1
        response = client.post(
            endpoint,
            {
                "question": question.pk,
                "value": VALUES[state["turn"] % 2 + 3],
                "comment": f"Autosaved, turn {state['turn']}",
                "revision": state["revision"],
            },
        )
        state["revision"] = response.json()["revision"]

    posting = measure("Saving one answer (autosave request)", autosave, target="< 50 ms")
    posting.sql_ms = saving.sql_ms
    return [page, saving, posting]

"""The national report's figures on a hand-built dataset whose shares are known.

Five providers submitted (three in London, two in the Midlands), one in another region is
still in progress and must not count. Last year's campaign used an earlier framework whose
standards 1.1 and 2.1 map onto this year's; this year's 1.2 is new.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest
from django.utils import timezone

from access.testing import World
from assessments.framework.loading import framework_load
from assessments.models import (
    Action,
    Answer,
    Campaign,
    FrameworkVersion,
    NationalReport,
    Question,
    SignOff,
    Standard,
    Submission,
    SubmissionStatus,
)
from assessments.report.counts import ACTION_SAMPLES
from assessments.report.figures import report_figures
from assessments.testing import YEAR, Assessment, build_assessment, sign_as_submitted
from organisations.kinds import OrganisationKind
from organisations.models import Organisation, ProviderType, Region

YEAR_END = dt.date(YEAR + 1, 7, 31)
M, P, N, X = "met", "partially_met", "not_met", "not_applicable"
# This year's answers to questions 1.1.1, 1.1.2, 1.2.1, 2.1.1, 2.1.2 by provider.
THIS_YEAR = {
    "L1": [M, M, M, M, N],
    "L2": [M, P, X, M, M],
    "L3": [M, N, M, P, M],
    "M1": [M, M, M, M, M],
    "M2": [P, M, X, N, M],
    # In progress: every answer not met, none of it may count.
    "E1": [N, N, N, N, N],
}
# Last year's answers to the earlier framework's 1.1.1 and 2.1.1.
LAST_YEAR = {"L1": [M, N], "L2": [M, M], "M1": [P, N], "L3": [N, N]}
# Actions on this year's not met / partially met answers: (provider, question index, text).
ACTIONS = [
    ("L2", 1, "Weekly safety huddles open to learners"),
    ("L3", 1, "A learner forum chaired by the director of nursing"),
    ("M2", 0, "Named safety champion on every ward"),
    ("L1", 4, "Quarterly feedback review at the education committee"),
    ("L3", 3, "Board paper on education quality twice a year"),
    ("M2", 3, "Education quality added to the board's forward plan"),
    ("E1", 0, "Not submitted: must not be counted"),
]
PREVIOUS_FRAMEWORK: dict[str, Any] = {
    "code": "QFPREV",
    "name": "Earlier test framework",
    "domains": [
        {
            "number": number,
            "title": f"Earlier domain {number}",
            "standards": [
                {
                    "number": 1,
                    "title": f"Earlier standard {number}.1",
                    "questions": [{"number": 1, "text": f"Earlier question {number}.1.1"}],
                }
            ],
        }
        for number in (1, 2)
    ],
}


@dataclass
class ReportData:
    """The hand-built campaign and the providers by short name."""

    assessment: Assessment
    campaign: Campaign
    last_campaign: Campaign
    providers: dict[str, Organisation]
    submissions: dict[str, Submission]


def _provider(name: str, code: str, region: Region, kind: str) -> Organisation:
    organisation, _ = Organisation.objects.get_or_create(
        ods_code=code,
        defaults={
            "kind": OrganisationKind.PLACEMENT_PROVIDER,
            "name": name,
            "region": region,
            "provider_type": kind,
        },
    )
    return organisation


def _answer(submission: Submission, questions: list[Question], values: list[str]) -> None:
    Answer.objects.bulk_create(
        Answer(submission=submission, question=question, value=value)
        for question, value in zip(questions, values, strict=True)
    )


def _providers(world: World) -> dict[str, Organisation]:
    london = Region.objects.get(code="LON")
    midlands = Region.objects.get(code="MID")
    elsewhere = Region.objects.exclude(code__in=["LON", "MID"]).order_by("name").first()
    assert elsewhere is not None
    return {
        "L1": world.london_pp,
        "L2": _provider("Riverside Acute NHS Trust", "RZR01", london, ProviderType.ACUTE),
        "L3": _provider("Docklands Community Care", "RZR02", london, ProviderType.COMMUNITY),
        "M1": world.midlands_pp,
        "M2": _provider("Peaks Mental Health NHS Trust", "RZR03", midlands, "mental_health"),
        "E1": _provider("Coastal Acute NHS Trust", "RZR04", elsewhere, ProviderType.ACUTE),
    }


def _noon_on(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(12)))


def _this_year(assessment: Assessment, providers: dict[str, Organisation]) -> dict[str, Submission]:
    """This year's submissions, answers and actions: all submitted but E1's."""
    campaign = assessment.campaign
    due = campaign.due_on
    at = _noon_on(due)
    submissions = {"L1": assessment.london, "M1": assessment.midlands}
    for key in ("L2", "L3", "M2", "E1"):
        submissions[key] = Submission.objects.create(
            campaign=campaign, organisation=providers[key], due_on=due
        )
    for key, submission in submissions.items():
        submission.status = (
            SubmissionStatus.IN_PROGRESS if key == "E1" else SubmissionStatus.SUBMITTED
        )
        submission.submitted_at = None if key == "E1" else at
        submission.save()
    # L1 was given an extension and submitted after the campaign's date but before its own:
    # on time. M2 submitted a day late: not on time.
    Submission.objects.filter(pk=submissions["L1"].pk).update(
        due_on=due + dt.timedelta(days=14), submitted_at=at + dt.timedelta(days=10)
    )
    Submission.objects.filter(pk=submissions["M2"].pk).update(
        submitted_at=at + dt.timedelta(days=1)
    )
    questions = list(Question.objects.filter(version=campaign.framework_version).order_by("ref"))
    for key, values in THIS_YEAR.items():
        _answer(submissions[key], questions, values)
    for key, index, text in ACTIONS:
        answer = Answer.objects.get(submission=submissions[key], question=questions[index])
        Action.objects.create(
            answer=answer, description=text, owner="Head of education", due_on=due
        )
    # The report counts what was signed: each submitted one is signed as the service does.
    for key, submission in submissions.items():
        if key != "E1":
            sign_as_submitted(submission)
    return submissions


def _last_year(campaign: Campaign, providers: dict[str, Organisation]) -> Campaign:
    """Last year's campaign on an earlier framework, mapped to this year's standards."""
    framework_load(actor=None, data=PREVIOUS_FRAMEWORK)
    previous = FrameworkVersion.objects.get(code="QFPREV")
    for number in (1, 2):
        Standard.objects.filter(
            domain__version=campaign.framework_version, domain__number=number, number=1
        ).update(previous=Standard.objects.get(domain__version=previous, domain__number=number))
    last_campaign = Campaign.objects.create(
        name="Self-assessment 2024/25",
        academic_year=YEAR - 1,
        framework_version=previous,
        opens_on=campaign.opens_on - dt.timedelta(days=365),
        due_on=campaign.due_on - dt.timedelta(days=365),
    )
    last_questions = list(Question.objects.filter(version=previous).order_by("ref"))
    for key, values in LAST_YEAR.items():
        submission = Submission.objects.create(
            campaign=last_campaign,
            organisation=providers[key],
            due_on=last_campaign.due_on,
            status=SubmissionStatus.SUBMITTED,
            submitted_at=_noon_on(campaign.due_on) - dt.timedelta(days=365),
        )
        _answer(submission, last_questions, values)
        sign_as_submitted(submission)
    return last_campaign


def build_report_data(world: World, assessment: Assessment | None = None) -> ReportData:
    assessment = assessment or build_assessment(world)
    campaign = assessment.campaign
    providers = _providers(world)
    submissions = _this_year(assessment, providers)
    last_campaign = _last_year(campaign, providers)
    NationalReport.objects.update_or_create(campaign=campaign, defaults={"min_group_size": 2})
    return ReportData(assessment, campaign, last_campaign, providers, submissions)


@pytest.fixture
def data(world: World) -> ReportData:
    return build_report_data(world)


def _standard(figures: dict[str, Any], label: str) -> dict[str, Any]:
    return next(s for d in figures["domains"] for s in d["standards"] if s["label"] == label)


def _group(figures: dict[str, Any], key: str, name: str) -> dict[str, Any]:
    return next(g for g in figures[key] if g["name"] == name)


def test_standards_count_met_partially_and_not_met_of_submitted_answers_only(
    data: ReportData,
) -> None:
    figures = report_figures(data.campaign)
    first = _standard(figures, "1.1")
    assert (first["met"], first["partially_met"], first["not_met"]) == (7, 2, 1)
    assert (first["met_share"], first["partially_met_share"], first["not_met_share"]) == (
        70.0,
        20.0,
        10.0,
    )
    assert first["submissions"] == 5
    governance = _standard(figures, "2.1")
    assert (governance["met"], governance["partially_met"], governance["not_met"]) == (7, 1, 2)


def test_not_applicable_is_shown_but_left_out_of_the_shares(data: ReportData) -> None:
    fairness = _standard(report_figures(data.campaign), "1.2")
    assert fairness["not_applicable"] == 2
    assert fairness["rated"] == 3
    assert fairness["met_share"] == 100.0
    # Only three providers gave it a rated answer.
    assert fairness["submissions"] == 3


def test_domains_add_up_their_standards(data: ReportData) -> None:
    figures = report_figures(data.campaign)
    one, two = figures["domains"]
    assert (one["met"], one["partially_met"], one["not_met"], one["not_applicable"]) == (
        10,
        2,
        1,
        2,
    )
    assert one["met_share"] == pytest.approx(76.9)
    assert two["met_share"] == 70.0
    overall = figures["overall"]
    assert (overall["met"], overall["rated"], overall["submissions"]) == (17, 23, 5)


def test_response_and_on_time_rates_honour_extensions(data: ReportData) -> None:
    figures = report_figures(data.campaign)
    response = figures["response"]
    assert (response["in_scope"], response["submitted"], response["on_time"]) == (6, 5, 4)
    assert response["response_rate"] == pytest.approx(83.3)
    assert response["on_time_rate"] == 80.0
    london = _group(figures, "by_region", "London")["response"]
    assert (london["in_scope"], london["submitted"], london["on_time"]) == (3, 3, 3)
    midlands = _group(figures, "by_region", "Midlands")["response"]
    assert (midlands["submitted"], midlands["on_time"]) == (2, 1)


def test_regions_and_provider_types_break_down_by_domain(data: ReportData) -> None:
    figures = report_figures(data.campaign)
    london = _group(figures, "by_region", "London")
    domain_one = london["domains"][0]
    assert (domain_one["met"], domain_one["partially_met"], domain_one["not_met"]) == (6, 1, 1)
    assert domain_one["met_share"] == 75.0
    acute = _group(figures, "by_type", "Acute")
    # The acute provider still in progress does not count.
    assert acute["submissions"] == 2
    assert acute["overall"]["not_met"] == 1
    names = [g["name"] for g in figures["by_region"]]
    assert "South West" not in names  # no provider in scope there


def test_groups_smaller_than_the_set_size_are_suppressed_without_numbers(
    data: ReportData,
) -> None:
    figures = report_figures(data.campaign)
    community = _group(figures, "by_type", "Community")
    assert community == {
        "name": "Community",
        "suppressed": True,
        "response": {"suppressed": True},
    }
    elsewhere = next(g for g in figures["by_region"] if g["name"] not in {"London", "Midlands"})
    assert elsewhere["suppressed"] and elsewhere["response"] == {"suppressed": True}
    stricter = report_figures(data.campaign, min_group_size=4)
    assert _standard(stricter, "1.2") == {
        "ref": _standard(figures, "1.2")["ref"],
        "label": "1.2",
        "title": "Learners are treated fairly",
        "suppressed": True,
        "change": {"kind": "new"},
    }
    assert _standard(stricter, "1.1")["met"] == 7
    assert all(item["suppressed"] for item in stricter["actions"])
    three = report_figures(data.campaign, min_group_size=3)
    assert _group(three, "by_region", "Midlands")["suppressed"]
    assert "domains" not in _group(three, "by_region", "Midlands")
    assert _group(three, "by_region", "London")["submissions"] == 3


def test_change_since_last_year_maps_standards_through_previous(data: ReportData) -> None:
    figures = report_figures(data.campaign)
    assert figures["last_year"] == {
        "academic_year": YEAR - 1,
        "year_label": "2024/25",
        "framework": "QFPREV",
    }
    first = _standard(figures, "1.1")["change"]
    assert first["met_last_year"] == 50.0
    assert first["met"] == 20.0
    assert _standard(figures, "2.1")["change"]["met"] == 45.0
    assert _standard(figures, "1.2")["change"] == {"kind": "new"}
    # Domain 1 is compared on standard 1.1 alone: the only one with a counterpart.
    assert figures["domains"][0]["change"]["met"] == 20.0
    assert figures["domains"][1]["change"]["met"] == 45.0


def test_same_framework_compares_the_same_standard(data: ReportData) -> None:
    Campaign.objects.filter(pk=data.last_campaign.pk).update(
        framework_version=data.campaign.framework_version
    )
    figures = report_figures(data.campaign)
    # Last year's answers were to the other framework's questions, so nothing matches.
    change = _standard(figures, "1.1")["change"]
    assert change["kind"] == "suppressed"


def test_without_last_year_there_is_no_change(data: ReportData) -> None:
    SignOff.objects.filter(submission__campaign=data.last_campaign).delete()
    Submission.objects.filter(campaign=data.last_campaign).delete()
    Campaign.objects.filter(pk=data.last_campaign.pk).delete()
    figures = report_figures(data.campaign)
    assert figures["last_year"] is None
    assert _standard(figures, "1.1")["change"] == {"kind": "none"}


def test_actions_are_grouped_by_standard_from_submitted_providers(data: ReportData) -> None:
    figures = report_figures(data.campaign)
    by_label = {item["label"]: item for item in figures["actions"]}
    assert set(by_label) == {"1.1", "2.1"}
    first = by_label["1.1"]
    assert (first["count"], first["providers"]) == (3, 3)
    assert "Weekly safety huddles open to learners" in first["samples"]
    assert all("must not be counted" not in text for text in first["samples"])
    assert by_label["2.1"]["count"] == 3


def test_action_samples_are_the_first_few_of_each_standard_in_order(
    data: ReportData,
) -> None:
    second = Question.objects.filter(version=data.campaign.framework_version).order_by("ref")[1]
    answer = Answer.objects.get(submission=data.submissions["L2"], question=second)
    for n in range(ACTION_SAMPLES + 2):
        Action.objects.create(
            answer=answer, description=f"Extra action {n:02d}", owner="Lead", due_on=YEAR_END
        )
    # Added after signing: they count once signed again.
    sign_as_submitted(data.submissions["L2"])
    item = next(i for i in report_figures(data.campaign)["actions"] if i["label"] == "1.1")
    # Every action counts; the samples are the first ones recorded, oldest first.
    assert item["count"] == 3 + ACTION_SAMPLES + 2
    assert item["providers"] == 3
    assert len(item["samples"]) == ACTION_SAMPLES
    assert item["samples"][:3] == [
        "Weekly safety huddles open to learners",
        "A learner forum chaired by the director of nursing",
        "Named safety champion on every ward",
    ]
    assert item["samples"][3:] == [f"Extra action {n:02d}" for n in range(ACTION_SAMPLES - 3)]


def test_figures_survive_a_json_round_trip(data: ReportData) -> None:
    import json

    figures = report_figures(data.campaign)
    assert json.loads(json.dumps(figures)) == figures


def test_figures_take_a_fixed_number_of_queries(
    data: ReportData, django_assert_max_num_queries: Any
) -> None:
    with django_assert_max_num_queries(16):
        report_figures(data.campaign)

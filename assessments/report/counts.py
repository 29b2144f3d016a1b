"""The counts the national report is made of: a handful of GROUP BY queries over what the
campaign's executives signed and over its submissions. Only submitted submissions count,
and of each, what its latest sign-off signed: the ``SignedAnswer`` and ``SignedAction`` rows
written with the sign-off (the version that was signed is the submission's version until it
is reopened, when it stops counting), never the live answers, which may have changed
since."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, cast

from django.db.models import Case, Count, F, Q, TextField, Value, When, Window
from django.db.models.functions import RowNumber

from assessments.models import (
    AnswerValue,
    Campaign,
    Question,
    SignedAction,
    SignedAnswer,
    Submission,
    SubmissionStatus,
)

SUBMITTED = SubmissionStatus.SUBMITTED
RATED = (AnswerValue.MET, AnswerValue.PARTIALLY_MET, AnswerValue.NOT_MET)
VALUES = (*RATED, AnswerValue.NOT_APPLICABLE)
# How many action descriptions each standard shows as examples.
ACTION_SAMPLES = 10


@dataclass
class Tally:
    """Answer counts of one campaign from a single GROUP BY query."""

    standards: dict[int, dict[str, int]] = field(default_factory=lambda: defaultdict(dict))
    # Submissions that gave a rated (not "not applicable") answer to the standard.
    standard_sizes: dict[int, int] = field(default_factory=lambda: defaultdict(int))
    domain_sizes: dict[int, int] = field(default_factory=lambda: defaultdict(int))
    # (region id, domain id) and (provider type, domain id): value -> count.
    regions: dict[tuple[Any, int], dict[str, int]] = field(
        default_factory=lambda: defaultdict(lambda: defaultdict(int))
    )
    types: dict[tuple[Any, int], dict[str, int]] = field(
        default_factory=lambda: defaultdict(lambda: defaultdict(int))
    )


def tally(campaign: Campaign, *, groups: bool = True) -> Tally:
    """Count the campaign's signed answers by region, provider type, question and value.

    One scan of the signed answers of the submissions' latest sign-offs, grouped by columns
    of the signed answer and organisation rows (not by standard, which would need the
    question join and a sort). A sign-off answers each question once, so a question's rated
    answers are the submissions that rated it; a standard's (or domain's) size is the most
    that rated any one of its questions, within each region and type (which never share a
    submission), added up. That is never more than the true number, so suppression errs on
    the safe side."""
    where = {
        question: (standard, domain)
        for question, standard, domain in Question.objects.filter(
            version_id=campaign.framework_version_id
        ).values_list("pk", "standard_id", "domain_id")
    }
    found = _signed_counts(campaign, groups)
    tally = Tally()
    standard_parts: dict[tuple[Any, Any, int], int] = defaultdict(int)
    domain_parts: dict[tuple[Any, Any, int], int] = defaultdict(int)
    stray = {row["asked"] for row in found} - where.keys()
    if stray:
        # Signed answers to questions of another version (the campaign's version was
        # changed after it was signed): count them under their own standards.
        where.update(
            (question, (standard, domain))
            for question, standard, domain in Question.objects.filter(pk__in=stray).values_list(
                "pk", "standard_id", "domain_id"
            )
        )
    for row in found:
        standard, domain = where[row["asked"]]
        region, kind = row.get("region"), row.get("kind")
        rated = sum(row[value] for value in RATED)
        counts = tally.standards[standard]
        for value in VALUES:
            counts[value] = counts.get(value, 0) + row[value]
        part = (region, kind, standard)
        standard_parts[part] = max(standard_parts[part], rated)
        part = (region, kind, domain)
        domain_parts[part] = max(domain_parts[part], rated)
        if groups:
            for value in VALUES:
                tally.regions[(region, domain)][value] += row[value]
                tally.types[(kind, domain)][value] += row[value]
    for (_region, _kind, standard), size in standard_parts.items():
        tally.standard_sizes[standard] += size
    for (_region, _kind, domain), size in domain_parts.items():
        tally.domain_sizes[domain] += size
    return tally


def _signed_counts(campaign: Campaign, groups: bool) -> list[dict[str, Any]]:
    """The signed answers of the campaign's submitted submissions' latest sign-offs (the
    version the submission is at), counted by value per question (and region and type)."""
    keys: dict[str, Any] = {"asked": F("question_id")}
    if groups:
        keys["region"] = F("submission__organisation__region_id")
        keys["kind"] = F("submission__organisation__provider_type")
    rows = (
        SignedAnswer.objects.filter(
            submission__campaign=campaign,
            submission__status=SUBMITTED,
            version=F("submission__version"),
        )
        .values(**keys)
        .annotate(**{value: Count("id", filter=Q(value=value)) for value in VALUES})
        .order_by()
    )
    return list(cast(Iterable[dict[str, Any]], rows))


def submission_counts(campaign: Campaign, key: str) -> dict[Any, dict[str, int]]:
    """In scope, submitted and submitted on time (by the submission's own, possibly extended,
    due date) per ``key``: one GROUP BY over the campaign's submissions."""
    submitted = Q(status=SUBMITTED)
    rows = (
        Submission.objects.filter(campaign=campaign)
        .values(key)
        .annotate(
            in_scope=Count("id"),
            submitted=Count("id", filter=submitted),
            on_time=Count("id", filter=submitted & Q(submitted_at__date__lte=F("due_on"))),
        )
        .order_by()
    )
    return {row[key]: row for row in rows}


def action_counts(campaign: Campaign) -> tuple[dict[int, dict[str, int]], dict[int, list[str]]]:
    """The signed actions of each standard: how many and from how many providers, and the
    first ``ACTION_SAMPLES`` descriptions in the order the actions were recorded.

    One query: every signed action's standard and submission, with its description only
    when it is among the first ``ACTION_SAMPLES`` of its standard, so long texts are not
    carried for actions that are only counted."""
    rank = Window(
        RowNumber(),
        partition_by=[F("answer__question__standard_id")],
        order_by=[F("recorded").asc(nulls_last=True), F("pk").asc()],
    )
    rows = (
        SignedAction.objects.filter(
            answer__submission__campaign=campaign,
            answer__submission__status=SUBMITTED,
            answer__version=F("answer__submission__version"),
        )
        .annotate(rank=rank)
        .annotate(
            sample=Case(
                When(rank__lte=ACTION_SAMPLES, then=F("description")),
                default=Value(""),
                output_field=TextField(),
            )
        )
        .values_list("answer__question__standard_id", "answer__submission_id", "rank", "sample")
        .order_by()
    )
    counted: dict[int, int] = defaultdict(int)
    providers: dict[int, set[int]] = defaultdict(set)
    ranked: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for standard_id, submission_id, position, sample in rows:
        counted[standard_id] += 1
        providers[standard_id].add(submission_id)
        if position <= ACTION_SAMPLES:
            ranked[standard_id].append((position, sample))
    samples = {key: [text for _, text in sorted(found)] for key, found in ranked.items()}
    totals = {
        standard_id: {"n": n, "providers": len(providers[standard_id])}
        for standard_id, n in counted.items()
    }
    return totals, samples

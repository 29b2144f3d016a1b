"""The national report of a campaign: its figures, computed by a handful of GROUP BY queries,
and publication, which freezes them.

The figures are a plain JSON-serialisable dict so that the published copy in
``NationalReport.figures`` renders exactly like the live draft. Only submitted submissions
count. A group (a region, a provider type, a standard) with fewer submissions than the
report's smallest group size is marked ``suppressed`` and carries no numbers at all, so no
page, PDF or workbook can show them by mistake.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, cast

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Case, Count, F, Q, TextField, Value, When, Window
from django.db.models.functions import RowNumber

from assessments.models import (
    Action,
    Answer,
    AnswerValue,
    Campaign,
    Domain,
    NationalReport,
    Question,
    ReportStatus,
    Standard,
    Submission,
    SubmissionStatus,
)
from assessments.permissions import can_manage_campaigns
from core import academic_year, clock
from core.audit import acting_as
from organisations.models import ProviderType, Region

SUBMITTED = SubmissionStatus.SUBMITTED
RATED = (AnswerValue.MET, AnswerValue.PARTIALLY_MET, AnswerValue.NOT_MET)
VALUES = (*RATED, AnswerValue.NOT_APPLICABLE)
# How many action descriptions each standard shows as examples.
ACTION_SAMPLES = 10
MIN_GROUP_SIZE_LIMIT = 1000
INTRODUCTION_LIMIT = 5000


def _pct(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def shares(counts: Mapping[str, int], submissions: int, min_size: int) -> dict[str, Any]:
    """The counts and shares of one group, or a suppressed marker with no numbers at all.

    Not applicable answers are counted but left out of the denominator of the shares."""
    if submissions < min_size:
        return {"suppressed": True}
    rated = sum(counts.get(value, 0) for value in RATED)
    block: dict[str, Any] = {"suppressed": False, "submissions": submissions, "rated": rated}
    for value in VALUES:
        block[value] = counts.get(value, 0)
    for value in RATED:
        block[f"{value}_share"] = _pct(counts.get(value, 0), rated)
    return block


def _change(current: Mapping[str, Any], previous: Mapping[str, Any] | None) -> dict[str, Any]:
    """Percentage-point change of each share since last year."""
    if previous is None:
        return {"kind": "new"}
    if current.get("suppressed") or previous.get("suppressed"):
        return {"kind": "suppressed"}
    change: dict[str, Any] = {"kind": "compared"}
    for value in RATED:
        now, then = current.get(f"{value}_share"), previous.get(f"{value}_share")
        change[value] = None if now is None or then is None else round(now - then, 1)
        change[f"{value}_last_year"] = then
    return change


@dataclass
class _Tally:
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


def _tally(campaign: Campaign, *, groups: bool = True) -> _Tally:
    """Count the campaign's submitted answers by region, provider type, question and value.

    One scan of the answers, grouped by columns of the answer and organisation rows (not by
    standard, which would need the question join and a sort). A submission answers each
    question once, so a question's rated answers are the submissions that rated it; a
    standard's (or domain's) size is the most that rated any one of its questions, within
    each region and type (which never share a submission), added up. That is never more
    than the true number, so suppression errs on the safe side."""
    where = {
        question: (standard, domain)
        for question, standard, domain in Question.objects.filter(
            version_id=campaign.framework_version_id
        ).values_list("pk", "standard_id", "domain_id")
    }
    keys: dict[str, Any] = {"asked": F("question_id")}
    if groups:
        keys["region"] = F("submission__organisation__region_id")
        keys["kind"] = F("submission__organisation__provider_type")
    rows = (
        Answer.objects.filter(submission__campaign=campaign, submission__status=SUBMITTED)
        .values(**keys)
        .annotate(**{value: Count("id", filter=Q(value=value)) for value in VALUES})
        .order_by()
    )
    tally = _Tally()
    standard_parts: dict[tuple[Any, Any, int], int] = defaultdict(int)
    domain_parts: dict[tuple[Any, Any, int], int] = defaultdict(int)
    found = list(cast(Iterable[dict[str, Any]], rows))
    stray = {row["asked"] for row in found} - where.keys()
    if stray:
        # Answers to questions of another version (the campaign's version was changed after
        # it started): count them under their own standards.
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


def previous_campaign(campaign: Campaign) -> Campaign | None:
    """The campaign of the latest earlier academic year, if any."""
    return (
        Campaign.objects.filter(academic_year__lt=campaign.academic_year)
        .select_related("framework_version")
        .order_by("-academic_year")
        .first()
    )


def _sum(blocks: Iterable[Mapping[str, int]]) -> dict[str, int]:
    total: dict[str, int] = defaultdict(int)
    for block in blocks:
        for value, n in block.items():
            total[value] += n
    return total


def _response(rows: Iterable[Mapping[str, Any]], min_size: int) -> dict[str, Any]:
    in_scope = sum(row["in_scope"] for row in rows)
    submitted = sum(row["submitted"] for row in rows)
    on_time = sum(row["on_time"] for row in rows)
    if in_scope < min_size:
        return {"suppressed": True}
    return {
        "suppressed": False,
        "in_scope": in_scope,
        "submitted": submitted,
        "on_time": on_time,
        "response_rate": _pct(submitted, in_scope),
        "on_time_rate": _pct(on_time, submitted),
    }


def _submission_counts(campaign: Campaign, key: str) -> dict[Any, dict[str, int]]:
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


def _breakdown(
    counts: Mapping[tuple[Any, int], Mapping[str, int]],
    groups: list[tuple[Any, str]],
    sizes: Mapping[Any, Mapping[str, int]],
    domains: list[Domain],
    min_size: int,
) -> list[dict[str, Any]]:
    """Per domain shares for each group (region or provider type)."""
    result = []
    for group_key, name in groups:
        size = sizes.get(group_key, {})
        submitted = size.get("submitted", 0)
        if not size.get("in_scope"):
            continue
        entry: dict[str, Any] = {
            "name": name,
            "response": _response([size], min_size),
            "suppressed": submitted < min_size,
        }
        if not entry["suppressed"]:
            entry["submissions"] = submitted
            entry["overall"] = shares(
                _sum(counts.get((group_key, domain.pk), {}) for domain in domains),
                submitted,
                min_size,
            )
            entry["domains"] = [
                {
                    "number": domain.number,
                    "title": domain.title,
                    **shares(counts.get((group_key, domain.pk), {}), submitted, min_size),
                }
                for domain in domains
            ]
        result.append(entry)
    return result


def _last_year(campaign: Campaign) -> dict[str, Any] | None:
    """Last year's standards' counts (by last year's standard id), or None."""
    previous = previous_campaign(campaign)
    if previous is None:
        return None
    tally = _tally(previous, groups=False)
    return {"campaign": previous, "counts": tally.standards, "sizes": tally.standard_sizes}


def _counterpart(standard: Standard, current_version: int, last_version: int) -> int | None:
    if current_version == last_version:
        return standard.pk
    return standard.previous_id


def _actions(campaign: Campaign, standards: list[Standard], min_size: int) -> list[dict[str, Any]]:
    """The actions providers committed to, by standard: how many, from how many providers,
    and the first few descriptions (the samples are left out of suppressed standards).

    One query: every submitted action's standard and submission, with its description only
    when it is among the first ``ACTION_SAMPLES`` of its standard, so long texts are not
    carried for actions that are only counted."""
    rank = Window(
        RowNumber(),
        partition_by=[F("answer__question__standard_id")],
        order_by=[F("pk").asc()],
    )
    rows = (
        Action.objects.filter(
            answer__submission__campaign=campaign, answer__submission__status=SUBMITTED
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
    result = []
    for standard in standards:
        row = totals.get(standard.pk)
        if row is None:
            continue
        entry: dict[str, Any] = {
            "ref": standard.ref,
            "label": standard.label,
            "title": standard.title,
            "suppressed": row["providers"] < min_size,
        }
        if not entry["suppressed"]:
            entry.update(
                {
                    "count": row["n"],
                    "providers": row["providers"],
                    "samples": samples.get(standard.pk, []),
                }
            )
        result.append(entry)
    return result


def report_figures(campaign: Campaign, *, min_group_size: int | None = None) -> dict[str, Any]:
    """Every figure of the campaign's national report, as JSON-serialisable data."""
    if min_group_size is None:
        report = NationalReport.objects.filter(campaign=campaign).first()
        min_group_size = report.min_group_size if report else _default_min_size()
    min_size = max(1, min_group_size)
    version_id = campaign.framework_version_id
    domains = list(Domain.objects.filter(version_id=version_id).order_by("number"))
    standards = list(
        Standard.objects.filter(domain__version_id=version_id)
        .select_related("domain")
        .order_by("domain__number", "number")
    )
    tally = _tally(campaign)
    counts, standard_sizes, domain_sizes = tally.standards, tally.standard_sizes, tally.domain_sizes
    last = _last_year(campaign)
    last_version = last["campaign"].framework_version_id if last else None

    domain_blocks: list[dict[str, Any]] = []
    for domain in domains:
        own = [s for s in standards if s.domain_id == domain.pk]
        standard_blocks = []
        compared_now: list[dict[str, int]] = []
        compared_then: list[dict[str, int]] = []
        compared_sizes: list[int] = []
        for standard in own:
            block = {
                "ref": standard.ref,
                "label": standard.label,
                "title": standard.title,
                **shares(counts.get(standard.pk, {}), standard_sizes.get(standard.pk, 0), min_size),
            }
            previous_block = None
            if last is not None:
                counterpart = _counterpart(standard, version_id, last_version or 0)
                if counterpart is not None:
                    then_counts = last["counts"].get(counterpart, {})
                    then_size = last["sizes"].get(counterpart, 0)
                    previous_block = shares(then_counts, then_size, min_size)
                    compared_now.append(counts.get(standard.pk, {}))
                    compared_then.append(then_counts)
                    compared_sizes.append(then_size)
            block["change"] = _change(block, previous_block) if last else {"kind": "none"}
            standard_blocks.append(block)
        domain_block = {
            "ref": domain.ref,
            "number": domain.number,
            "title": domain.title,
            **shares(
                _sum(counts.get(s.pk, {}) for s in own), domain_sizes.get(domain.pk, 0), min_size
            ),
            "standards": standard_blocks,
        }
        if last is None:
            domain_block["change"] = {"kind": "none"}
        elif not compared_now:
            domain_block["change"] = {"kind": "new"}
        else:
            # Compare like with like: only the standards that have a counterpart last year.
            domain_block["change"] = _change(
                shares(_sum(compared_now), domain_sizes.get(domain.pk, 0), min_size),
                shares(_sum(compared_then), max(compared_sizes), min_size),
            )
        domain_blocks.append(domain_block)

    by_region_counts = _submission_counts(campaign, "organisation__region_id")
    by_type_counts = _submission_counts(campaign, "organisation__provider_type")
    regions: list[tuple[int | None, str]] = [
        (region.pk, region.name) for region in Region.objects.order_by("name")
    ]
    types = [(value, str(label)) for value, label in ProviderType.choices]
    if any(key in ("", None) for key in by_type_counts):
        types.append(("", "Type not recorded"))
    if None in by_region_counts:
        regions.append((None, "Region not recorded"))
    response = _response(list(by_region_counts.values()), min_size)
    submitted = sum(row["submitted"] for row in by_region_counts.values())
    return {
        "campaign": {
            "pk": campaign.pk,
            "name": campaign.name,
            "academic_year": campaign.academic_year,
            "year_label": academic_year.label(campaign.academic_year),
            "due_on": campaign.due_on.isoformat(),
            "framework": campaign.framework_version.code,
        },
        "last_year": (
            {
                "academic_year": last["campaign"].academic_year,
                "year_label": academic_year.label(last["campaign"].academic_year),
                "framework": last["campaign"].framework_version.code,
            }
            if last
            else None
        ),
        "min_group_size": min_size,
        "computed_at": clock.now().isoformat(),
        "response": response,
        "overall": shares(_sum(counts.values()), submitted, min_size),
        "domains": domain_blocks,
        "by_region": _breakdown(
            tally.regions,
            regions,
            by_region_counts,
            domains,
            min_size,
        ),
        "by_type": _breakdown(
            tally.types,
            types,
            by_type_counts,
            domains,
            min_size,
        ),
        "actions": _actions(campaign, standards, min_size),
    }


def _default_min_size() -> int:
    field = NationalReport._meta.get_field("min_group_size")
    return int(field.get_default())


def report_for(campaign: Campaign) -> NationalReport:
    """The campaign's report record, unsaved (a draft with default settings) if none yet."""
    report = NationalReport.objects.filter(campaign=campaign).first()
    return report or NationalReport(campaign=campaign)


def report_settings_update(
    *, actor: Any, campaign: Campaign, min_group_size: int, introduction: str = ""
) -> NationalReport:
    """Change the smallest group shown and the introduction of the campaign's report."""
    if not can_manage_campaigns(actor):
        raise PermissionDenied("Only quality administrators change the national report")
    errors = {}
    if not 1 <= min_group_size <= MIN_GROUP_SIZE_LIMIT:
        errors["min_group_size"] = (
            f"The smallest group shown must be a whole number from 1 to {MIN_GROUP_SIZE_LIMIT}"
        )
    introduction = (introduction or "").strip()
    if len(introduction) > INTRODUCTION_LIMIT:
        errors["introduction"] = (
            f"The introduction must be {INTRODUCTION_LIMIT} characters or fewer"
        )
    if errors:
        raise ValidationError(errors)
    with transaction.atomic(), acting_as(actor):
        report, _ = NationalReport.objects.select_for_update().get_or_create(campaign=campaign)
        report.min_group_size = min_group_size
        report.introduction = introduction
        report.save()
    return report


def report_publish(*, actor: Any, campaign: Campaign) -> NationalReport:
    """Freeze the campaign's figures into its report and make it public. Publishing again
    (after a submission was reopened and signed again) replaces the figures; the audit log
    keeps who published when, and the previous figures."""
    if not can_manage_campaigns(actor):
        raise PermissionDenied("Only quality administrators publish the national report")
    if not Submission.objects.filter(campaign=campaign, status=SUBMITTED).exists():
        raise ValidationError(
            {"campaign": f"No provider has submitted a self-assessment for {campaign.name} yet"}
        )
    with transaction.atomic():
        report, _ = NationalReport.objects.select_for_update().get_or_create(campaign=campaign)
        republished = report.status == ReportStatus.PUBLISHED
        figures = report_figures(campaign, min_group_size=report.min_group_size)
        with acting_as(actor, step="republish" if republished else "publish"):
            report.figures = figures
            report.status = ReportStatus.PUBLISHED
            report.published_at = clock.now()
            report.published_by = actor
            report.save()
    return report

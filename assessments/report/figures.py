"""The figures of a campaign's national report, made from the counts in ``counts``.

The figures are a plain JSON-serialisable dict so that the published copy in
``NationalReport.figures`` renders exactly like the live draft. Only submitted submissions
count. A group (a region, a provider type, a standard) with fewer submissions than the
report's smallest group size is marked ``suppressed`` and carries no numbers at all, so no
page, PDF or workbook can show them by mistake.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

from assessments.models import Campaign, CampaignStatus, Domain, NationalReport, Standard
from assessments.report import counts
from assessments.report.counts import RATED, VALUES
from core import academic_year, clock
from organisations.models import ProviderType, Region


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
    tally = counts.tally(previous, groups=False)
    return {"campaign": previous, "counts": tally.standards, "sizes": tally.standard_sizes}


def _counterpart(standard: Standard, current_version: int, last_version: int) -> int | None:
    if current_version == last_version:
        return standard.pk
    return standard.previous_id


def _actions(campaign: Campaign, standards: list[Standard], min_size: int) -> list[dict[str, Any]]:
    """The actions providers committed to, by standard: how many, from how many providers,
    and the first few descriptions (the samples are left out of suppressed standards)."""
    totals, samples = counts.action_counts(campaign)
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


Compared = list[tuple[dict[str, int], dict[str, int], int]]


def _standard_block(
    standard: Standard,
    tally: counts.Tally,
    last: dict[str, Any] | None,
    version_id: int,
    min_size: int,
    compared: Compared,
) -> dict[str, Any]:
    """One standard's shares and their change since last year. A standard with a counterpart
    last year adds its counts now and then, and last year's size, to ``compared``."""
    now = tally.standards.get(standard.pk, {})
    block = {
        "ref": standard.ref,
        "label": standard.label,
        "title": standard.title,
        **shares(now, tally.standard_sizes.get(standard.pk, 0), min_size),
    }
    if last is None:
        block["change"] = {"kind": "none"}
        return block
    previous_block = None
    last_version = last["campaign"].framework_version_id
    counterpart = _counterpart(standard, version_id, last_version or 0)
    if counterpart is not None:
        then_counts = last["counts"].get(counterpart, {})
        then_size = last["sizes"].get(counterpart, 0)
        previous_block = shares(then_counts, then_size, min_size)
        compared.append((now, then_counts, then_size))
    block["change"] = _change(block, previous_block)
    return block


def _domain_block(
    domain: Domain,
    own: list[Standard],
    tally: counts.Tally,
    last: dict[str, Any] | None,
    version_id: int,
    min_size: int,
) -> dict[str, Any]:
    """One domain's shares, its standards' blocks and the change since last year."""
    compared: Compared = []
    standard_blocks = [
        _standard_block(standard, tally, last, version_id, min_size, compared) for standard in own
    ]
    size = tally.domain_sizes.get(domain.pk, 0)
    block: dict[str, Any] = {
        "ref": domain.ref,
        "number": domain.number,
        "title": domain.title,
        **shares(_sum(tally.standards.get(s.pk, {}) for s in own), size, min_size),
        "standards": standard_blocks,
    }
    if last is None:
        block["change"] = {"kind": "none"}
    elif not compared:
        block["change"] = {"kind": "new"}
    else:
        # Compare like with like: only the standards that have a counterpart last year.
        block["change"] = _change(
            shares(_sum(now for now, _, _ in compared), size, min_size),
            shares(
                _sum(then for _, then, _ in compared),
                max(then_size for _, _, then_size in compared),
                min_size,
            ),
        )
    return block


def _groups(
    campaign: Campaign, tally: counts.Tally, domains: list[Domain], min_size: int
) -> dict[str, Any]:
    """The response (in scope, submitted, on time), how many submitted, and the shares by
    region and by provider type."""
    by_region_counts = counts.submission_counts(campaign, "organisation__region_id")
    by_type_counts = counts.submission_counts(campaign, "organisation__provider_type")
    regions: list[tuple[int | None, str]] = [
        (region.pk, region.name) for region in Region.objects.order_by("name")
    ]
    types = [(value, str(label)) for value, label in ProviderType.choices]
    if any(key in ("", None) for key in by_type_counts):
        types.append(("", "Type not recorded"))
    if None in by_region_counts:
        regions.append((None, "Region not recorded"))
    return {
        "response": _response(list(by_region_counts.values()), min_size),
        "submitted": sum(row["submitted"] for row in by_region_counts.values()),
        "by_region": _breakdown(tally.regions, regions, by_region_counts, domains, min_size),
        "by_type": _breakdown(tally.types, types, by_type_counts, domains, min_size),
    }


def _campaign_block(campaign: Campaign) -> dict[str, Any]:
    return {
        "pk": campaign.pk,
        "name": campaign.name,
        "academic_year": campaign.academic_year,
        "year_label": academic_year.label(campaign.academic_year),
        "due_on": campaign.due_on.isoformat(),
        "framework": campaign.framework_version.code,
        # Whether providers could still submit when the figures were taken (see taken.py).
        "open": campaign.status == CampaignStatus.OPEN,
    }


def _last_year_block(last: dict[str, Any] | None) -> dict[str, Any] | None:
    if last is None:
        return None
    return {
        "academic_year": last["campaign"].academic_year,
        "year_label": academic_year.label(last["campaign"].academic_year),
        "framework": last["campaign"].framework_version.code,
    }


def _min_size(campaign: Campaign, min_group_size: int | None) -> int:
    """The smallest group shown: as given, else the report's setting, else the default."""
    if min_group_size is None:
        report = NationalReport.objects.filter(campaign=campaign).first()
        min_group_size = report.min_group_size if report else _default_min_size()
    return max(1, min_group_size)


def report_figures(campaign: Campaign, *, min_group_size: int | None = None) -> dict[str, Any]:
    """Every figure of the campaign's national report, as JSON-serialisable data."""
    min_size = _min_size(campaign, min_group_size)
    version_id = campaign.framework_version_id
    domains = list(Domain.objects.filter(version_id=version_id).order_by("number"))
    standards = list(
        Standard.objects.filter(domain__version_id=version_id)
        .select_related("domain")
        .order_by("domain__number", "number")
    )
    tally = counts.tally(campaign)
    last = _last_year(campaign)
    domain_blocks = [
        _domain_block(
            domain,
            [s for s in standards if s.domain_id == domain.pk],
            tally,
            last,
            version_id,
            min_size,
        )
        for domain in domains
    ]
    groups = _groups(campaign, tally, domains, min_size)
    return {
        "campaign": _campaign_block(campaign),
        "last_year": _last_year_block(last),
        "min_group_size": min_size,
        "computed_at": clock.now().isoformat(),
        "response": groups["response"],
        "overall": shares(_sum(tally.standards.values()), groups["submitted"], min_size),
        "domains": domain_blocks,
        "by_region": groups["by_region"],
        "by_type": groups["by_type"],
        "actions": _actions(campaign, standards, min_size),
    }


def _default_min_size() -> int:
    field = NationalReport._meta.get_field("min_group_size")
    return int(field.get_default())

"""Reading framework versions: every self-assessment person may read them; the selectors
fetch a whole version in a fixed number of queries however large it is."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypedDict

from django.db.models import Count, Exists, OuterRef, Prefetch, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404

from assessments.models import Campaign, Domain, FrameworkVersion, Question, Standard
from assessments.permissions import can_use_self_assessment

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

    from accounts.models import Viewer


class _Listed(TypedDict):
    """What the list adds to each version: its size and whether a campaign uses it."""

    question_count: int
    standard_count: int
    campaign_count: int
    frozen: bool


# A version as the list and the pages read it.
type ListedVersion = WithAnnotations[FrameworkVersion, _Listed]


def _count(model: Any, **filters: Any) -> Coalesce:
    """A correlated count, so two counts on one row do not multiply each other."""
    rows = (
        model.objects.filter(**filters)
        .order_by()
        .values(*filters)
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(rows), 0)


def versions_for(user: Viewer) -> QuerySet[ListedVersion]:
    """Every version, newest code first, with its size and whether a campaign uses it."""
    versions = _annotated()
    return versions if can_use_self_assessment(user) else versions.none()


def _annotated() -> QuerySet[ListedVersion]:
    return (
        FrameworkVersion.objects.select_related("based_on")
        .annotate(
            question_count=_count(Question, version=OuterRef("pk")),
            standard_count=_count(Standard, domain__version=OuterRef("pk")),
            campaign_count=_count(Campaign, framework_version=OuterRef("pk")),
            frozen=Exists(Campaign.objects.filter(framework_version=OuterRef("pk"))),
        )
        .order_by("-code")
    )


def version_get(user: Viewer, code: str) -> ListedVersion:
    """One version by its code, or "not found"."""
    version = versions_for(user).filter(code=code).first()
    if version is None:
        raise Http404("No such framework version")
    return version


def version_tree(version: FrameworkVersion) -> list[Domain]:
    """The version's domains, each with its standards and each standard with its questions,
    in number order, with their earlier counterparts: three queries."""
    questions = Question.objects.select_related("previous").order_by("number")
    standards = (
        Standard.objects.select_related("previous")
        .order_by("number")
        .prefetch_related(Prefetch("questions", queryset=questions))
    )
    return list(
        version.domains.order_by("number").prefetch_related(
            Prefetch("standards", queryset=standards)
        )
    )


def version_campaigns(version: FrameworkVersion) -> list[Campaign]:
    return list(version.campaigns.order_by("-academic_year"))


def domain_get(user: Viewer, ref: str) -> Domain:
    domain = Domain.objects.select_related("version").filter(ref=ref).first()
    if domain is None or not can_use_self_assessment(user):
        raise Http404("No such domain")
    return domain


def standard_get(user: Viewer, ref: str) -> Standard:
    standard = (
        Standard.objects.select_related("domain__version", "previous").filter(ref=ref).first()
    )
    if standard is None or not can_use_self_assessment(user):
        raise Http404("No such standard")
    return standard


def question_get(user: Viewer, ref: str) -> Question:
    question = (
        Question.objects.select_related("standard", "domain", "version", "previous")
        .filter(ref=ref)
        .first()
    )
    if question is None or not can_use_self_assessment(user):
        raise Http404("No such question")
    return question


def version_of(record: Domain | Standard | Question) -> ListedVersion:
    """The version a record (fetched by the getters above) belongs to, annotated like the
    list: whether it is frozen, and its size."""
    if isinstance(record, Domain):
        version_id = record.version_id
    elif isinstance(record, Standard):
        version_id = record.domain.version_id
    else:
        version_id = record.version_id
    return _annotated().get(pk=version_id)


@dataclass
class RemovalContents:
    """What removing a record takes with it, and the later records that map to it."""

    standards: int = 0
    questions: int = 0
    mapped_from: list[str] = field(default_factory=list)


def removal_contents(record: Domain | Standard | Question) -> RemovalContents:
    if isinstance(record, Domain):
        standards = Standard.objects.filter(domain=record)
        questions = Question.objects.filter(domain=record)
    elif isinstance(record, Standard):
        standards = Standard.objects.filter(pk=record.pk)
        questions = Question.objects.filter(standard=record)
    else:
        standards = Standard.objects.none()
        questions = Question.objects.filter(pk=record.pk)
    mapped_from = [
        *Standard.objects.filter(previous__in=standards).values_list("ref", flat=True),
        *Question.objects.filter(previous__in=questions).values_list("ref", flat=True),
    ]
    return RemovalContents(
        standards=standards.count() if not isinstance(record, Standard) else 0,
        questions=questions.count() if not isinstance(record, Question) else 0,
        mapped_from=sorted(mapped_from),
    )


def standard_choices(version: FrameworkVersion) -> QuerySet[Standard]:
    """Standards an administrator may name as earlier counterparts: other versions'."""
    return (
        Standard.objects.exclude(domain__version=version)
        .select_related("domain__version")
        .order_by("-domain__version__code", "domain__number", "number")
    )


def question_choices(version: FrameworkVersion) -> QuerySet[Question]:
    """Questions an administrator may name as earlier counterparts: other versions'."""
    return Question.objects.exclude(version=version).order_by(
        "-version__code", "domain__number", "standard__number", "number"
    )


@dataclass
class Unmatched:
    """An earlier version's standards and questions that nothing in this version maps to."""

    version: FrameworkVersion
    standards: list[Standard] = field(default_factory=list)
    questions: list[Question] = field(default_factory=list)


def unmatched_earlier(version: FrameworkVersion, tree: list[Domain]) -> list[Unmatched]:
    """For the version it is based on, and any other version its mapping points at: what has
    no counterpart here, so year-on-year comparison will not carry it forward."""
    mapped_standards = {s.previous_id for d in tree for s in d.standards.all() if s.previous_id}
    mapped_questions = {
        q.previous_id
        for d in tree
        for s in d.standards.all()
        for q in s.questions.all()
        if q.previous_id
    }
    standards = Standard.objects.filter(pk__in=mapped_standards).values_list(
        "domain__version_id", flat=True
    )
    questions = Question.objects.filter(pk__in=mapped_questions).values_list(
        "version_id", flat=True
    )
    earlier_ids = {*standards.distinct(), *questions.distinct()}
    if version.based_on_id:
        earlier_ids.add(version.based_on_id)
    earlier_ids.discard(version.pk)
    if not earlier_ids:
        return []
    result = {
        v.pk: Unmatched(v)
        for v in FrameworkVersion.objects.filter(pk__in=earlier_ids).order_by("-code")
    }
    for standard in (
        Standard.objects.filter(domain__version_id__in=earlier_ids)
        .exclude(pk__in=mapped_standards)
        .select_related("domain")
        .order_by("domain__number", "number")
    ):
        result[standard.domain.version_id].standards.append(standard)
    for question in (
        Question.objects.filter(version_id__in=earlier_ids)
        .exclude(pk__in=mapped_questions)
        .select_related("standard", "domain")
        .order_by("domain__number", "standard__number", "number")
    ):
        result[question.version_id].questions.append(question)
    return list(result.values())

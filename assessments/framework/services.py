"""The quality framework: loading versions from their data files, cloning a version and
changing a version that no campaign uses yet. Only quality administrators (or the system,
None) change the framework: every service here checks its actor first.

A version used by a campaign is frozen: answers, sign-off snapshots and the national report
refer to its questions. Every change here locks the version row first, so a campaign being
opened on it at the same moment either waits for the change or makes the change fail.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max, QuerySet

from assessments.framework.checks import COMMENT_RULES, code_problem, question_ref
from assessments.models import CommentRule, Domain, FrameworkVersion, Question, Standard
from assessments.permissions import check_may_manage_framework
from core.audit import acting_as
from core.versioning import Freezing, copied

if TYPE_CHECKING:
    from accounts.models import User

# A question's wording and settings, copied to its clone.
QUESTION_FIELDS = ("text", "guidance", "allow_not_applicable", "comment_rule", "evidence_allowed")


# A version used by a campaign can no longer change: answers refer to its questions.
FREEZING = Freezing(
    FrameworkVersion,
    frozen_when=lambda version: version.campaigns.exists(),
    because=lambda version: (
        f"{version.code} is used by a campaign, so it can no longer change: answers refer "
        "to its questions. Clone it to make a new version and change that instead."
    ),
)
is_frozen = FREEZING.is_frozen
frozen_reason = FREEZING.reason


# ---------------------------------------------------------------------------------------
# Cloning and changing a version


@dataclass(frozen=True)
class QuestionSettings:
    """A question's wording and settings as an administrator enters them."""

    text: str
    guidance: str = ""
    allow_not_applicable: bool = False
    comment_rule: str = CommentRule.OPTIONAL
    evidence_allowed: bool = True
    previous: Question | None = None

    @classmethod
    def of(cls, question: Question) -> QuestionSettings:
        return cls(**copied(question, (*QUESTION_FIELDS, "previous")))


def _editable(version_id: int) -> FrameworkVersion:
    return FREEZING.editable(version_id)


def _next_number(records: QuerySet[Domain] | QuerySet[Standard] | QuerySet[Question]) -> int:
    return int(records.aggregate(top=Max("number"))["top"] or 0) + 1


def _required(value: str, field: str, message: str) -> str:
    value = value.strip()
    if not value:
        raise ValidationError({field: message})
    return value


def _check_previous(
    record: Standard | Question | None,
    previous: Standard | Question | None,
    version_id: int,
    noun: str,
) -> None:
    """``previous`` must be a record of another version: the mapping compares versions."""
    if previous is None:
        return
    other_version = (
        previous.domain.version_id if isinstance(previous, Standard) else previous.version_id
    )
    if other_version == version_id:
        raise ValidationError(
            {"previous": f"Choose a {noun} of an earlier version, not one of this version"}
        )
    if record is not None and previous.pk == record.pk:
        raise ValidationError({"previous": f"A {noun} cannot be its own earlier counterpart"})


def framework_clone(
    *, actor: User | None, source: FrameworkVersion, code: str, name: str
) -> FrameworkVersion:
    """A new version with every domain, standard and question of ``source`` under the new
    code. Each copied standard and question names its original as ``previous``, so
    year-on-year comparison works without further mapping."""
    check_may_manage_framework(actor)
    code = code.strip().upper()
    errors = {}
    if problem := code_problem(code):
        errors["code"] = problem
    elif FrameworkVersion.objects.filter(code=code).exists():
        errors["code"] = f"There is already a version {code}; choose another code"
    if not name.strip():
        errors["name"] = "Enter a name for the new version"
    if errors:
        raise ValidationError(errors)
    try:
        return _copy(actor, source, code, name.strip())
    except IntegrityError:
        # Another administrator took the code between the check above and the insert.
        raise ValidationError(
            {"code": f"There is already a version {code}; choose another code"}
        ) from None


def _copy(actor: User | None, source: FrameworkVersion, code: str, name: str) -> FrameworkVersion:
    with transaction.atomic(), acting_as(actor, cloned_from=source.code):
        clone = FrameworkVersion(
            code=code, name=name, description=source.description, based_on=source
        )
        clone.full_clean()
        clone.save()
        standards = {
            s.pk: s for s in Standard.objects.filter(domain__version=source).order_by("number")
        }
        questions = Question.objects.filter(version=source).order_by("number")
        for domain in source.domains.order_by("number"):
            new_domain = Domain.objects.create(
                version=clone,
                number=domain.number,
                ref=f"{code}-{domain.number}",
                title=domain.title,
                description=domain.description,
            )
            for standard in (s for s in standards.values() if s.domain_id == domain.pk):
                new_standard = Standard.objects.create(
                    domain=new_domain,
                    number=standard.number,
                    ref=f"{new_domain.ref}.{standard.number}",
                    title=standard.title,
                    description=standard.description,
                    previous=standard,
                )
                for question in (q for q in questions if q.standard_id == standard.pk):
                    Question.objects.create(
                        standard=new_standard,
                        domain=new_domain,
                        version=clone,
                        number=question.number,
                        ref=question_ref(new_standard.ref, question.number),
                        previous=question,
                        **copied(question, QUESTION_FIELDS),
                    )
    return clone


def framework_update(
    *, actor: User | None, version: FrameworkVersion, name: str, description: str
) -> FrameworkVersion:
    """Change a version's name and description (its code is in every reference: fixed)."""
    check_may_manage_framework(actor)
    name = _required(name, "name", "Enter a name for the version")
    with transaction.atomic(), acting_as(actor):
        locked = _editable(version.pk)
        locked.name, locked.description = name, description.strip()
        locked.full_clean()
        locked.save()
    version.refresh_from_db()
    return version


def domain_add(
    *, actor: User | None, version: FrameworkVersion, title: str, description: str = ""
) -> Domain:
    """Add a domain after the version's last one."""
    check_may_manage_framework(actor)
    title = _required(title, "title", "Enter the domain's title")
    with transaction.atomic(), acting_as(actor):
        locked = _editable(version.pk)
        number = _next_number(locked.domains.all())
        domain = Domain(
            version=locked,
            number=number,
            ref=f"{locked.code}-{number}",
            title=title,
            description=description.strip(),
        )
        domain.full_clean()
        domain.save()
    return domain


def domain_update(*, actor: User | None, domain: Domain, title: str, description: str) -> Domain:
    check_may_manage_framework(actor)
    title = _required(title, "title", "Enter the domain's title")
    with transaction.atomic(), acting_as(actor):
        _editable(domain.version_id)
        domain.title, domain.description = title, description.strip()
        domain.full_clean()
        domain.save()
    return domain


def domain_remove(*, actor: User | None, domain: Domain) -> None:
    """Remove a domain with its standards and questions; the other domains keep their
    numbers, so every reference stays as it was."""
    check_may_manage_framework(actor)
    with transaction.atomic(), acting_as(actor):
        _editable(domain.version_id)
        domain.delete()


def standard_add(
    *,
    actor: User | None,
    domain: Domain,
    title: str,
    description: str = "",
    previous: Standard | None = None,
) -> Standard:
    """Add a standard after the domain's last one."""
    check_may_manage_framework(actor)
    title = _required(title, "title", "Enter the standard's title")
    _check_previous(None, previous, domain.version_id, "standard")
    with transaction.atomic(), acting_as(actor):
        _editable(domain.version_id)
        number = _next_number(domain.standards.all())
        standard = Standard(
            domain=domain,
            number=number,
            ref=f"{domain.ref}.{number}",
            title=title,
            description=description.strip(),
            previous=previous,
        )
        standard.full_clean()
        standard.save()
    return standard


def standard_update(
    *,
    actor: User | None,
    standard: Standard,
    title: str,
    description: str,
    previous: Standard | None,
) -> Standard:
    check_may_manage_framework(actor)
    title = _required(title, "title", "Enter the standard's title")
    version_id = standard.domain.version_id
    _check_previous(standard, previous, version_id, "standard")
    with transaction.atomic(), acting_as(actor):
        _editable(version_id)
        standard.title, standard.description = title, description.strip()
        standard.previous = previous
        standard.full_clean()
        standard.save()
    return standard


def standard_remove(*, actor: User | None, standard: Standard) -> None:
    """Remove a standard with its questions; other standards keep their numbers."""
    check_may_manage_framework(actor)
    with transaction.atomic(), acting_as(actor):
        _editable(standard.domain.version_id)
        standard.delete()


def _question_values(settings: QuestionSettings) -> dict[str, Any]:
    text = _required(settings.text, "text", "Enter the question")
    if settings.comment_rule not in COMMENT_RULES:
        raise ValidationError({"comment_rule": "Choose when a comment is needed"})
    return {
        "text": text,
        "guidance": settings.guidance.strip(),
        "allow_not_applicable": settings.allow_not_applicable,
        "comment_rule": settings.comment_rule,
        "evidence_allowed": settings.evidence_allowed,
        "previous": settings.previous,
    }


def question_add(*, actor: User | None, standard: Standard, settings: QuestionSettings) -> Question:
    """Add a question after the standard's last one."""
    check_may_manage_framework(actor)
    values = _question_values(settings)
    version_id = standard.domain.version_id
    _check_previous(None, settings.previous, version_id, "question")
    with transaction.atomic(), acting_as(actor):
        _editable(version_id)
        number = _next_number(standard.questions.all())
        question = Question(
            standard=standard,
            domain_id=standard.domain_id,
            version_id=version_id,
            number=number,
            ref=question_ref(standard.ref, number),
            **values,
        )
        question.full_clean()
        question.save()
    return question


def question_update(
    *, actor: User | None, question: Question, settings: QuestionSettings
) -> Question:
    check_may_manage_framework(actor)
    values = _question_values(settings)
    _check_previous(question, settings.previous, question.version_id, "question")
    with transaction.atomic(), acting_as(actor):
        _editable(question.version_id)
        for name, value in values.items():
            setattr(question, name, value)
        question.full_clean()
        question.save()
    return question


def question_remove(*, actor: User | None, question: Question) -> None:
    """Remove a question; the others keep their numbers and references."""
    check_may_manage_framework(actor)
    with transaction.atomic(), acting_as(actor):
        _editable(question.version_id)
        question.delete()

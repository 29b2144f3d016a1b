"""The quality framework: loading versions from their data files, cloning a version and
changing a version that no campaign uses yet.

A version used by a campaign is frozen: answers, sign-off snapshots and the national report
refer to its questions. Every change here locks the version row first, so a campaign being
opened on it at the same moment either waits for the change or makes the change fail.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max

from assessments.models import CommentRule, Domain, FrameworkVersion, Question, Standard
from core.audit import acting_as
from core.reference import LoadSummary, upsert

DATA_DIR = Path(__file__).parent / "data"
DEFAULT_FRAMEWORK_FILE = DATA_DIR / "qf2021.json"


def is_frozen(version: FrameworkVersion) -> bool:
    """A version used by a campaign can no longer change: answers refer to its questions."""
    return version.campaigns.exists()


def question_ref(standard_ref: str, number: int) -> str:
    return f"{standard_ref}-Q{number}"


def framework_load(*, actor: Any, data: dict[str, Any], source: str = "") -> LoadSummary:
    """Create or update a framework version from ``data`` (the layout of the files in
    ``assessments/data``), matching every record on its reference id. A second run changes
    nothing; a version in use by a campaign refuses any change and nothing is written."""
    summary = LoadSummary()
    code = data["code"]
    with transaction.atomic(), acting_as(actor, source=source or code):
        version = upsert(
            FrameworkVersion,
            {"code": code},
            {"name": data["name"], "description": data.get("description", "")},
            summary,
        )
        previous_standards = _refs(Standard, data, "standards")
        previous_questions = _refs(Question, data, "questions")
        for domain_data in data["domains"]:
            domain = upsert(
                Domain,
                {"ref": f"{code}-{domain_data['number']}"},
                {
                    "version": version,
                    "number": domain_data["number"],
                    "title": domain_data["title"],
                    "description": domain_data.get("description", ""),
                },
                summary,
            )
            for standard_data in domain_data["standards"]:
                standard_ref = f"{code}-{domain_data['number']}.{standard_data['number']}"
                standard = upsert(
                    Standard,
                    {"ref": standard_ref},
                    {
                        "domain": domain,
                        "number": standard_data["number"],
                        "title": standard_data["title"],
                        "description": standard_data.get("description", ""),
                        "previous": previous_standards.get(standard_data.get("previous", "")),
                    },
                    summary,
                )
                for question_data in standard_data["questions"]:
                    upsert(
                        Question,
                        {"ref": question_ref(standard_ref, question_data["number"])},
                        {
                            "standard": standard,
                            "domain": domain,
                            "version": version,
                            "number": question_data["number"],
                            "text": question_data["text"],
                            "guidance": question_data.get("guidance", ""),
                            "allow_not_applicable": question_data.get(
                                "allow_not_applicable", False
                            ),
                            "comment_rule": question_data.get("comment_rule", "optional"),
                            "evidence_allowed": question_data.get("evidence_allowed", True),
                            "previous": previous_questions.get(question_data.get("previous", "")),
                        },
                        summary,
                    )
        if (summary.created or summary.updated) and is_frozen(version):
            raise ValidationError(
                f"{code} is used by a campaign and cannot change; clone it to make a new version."
            )
    return summary


def framework_load_file(*, actor: Any, path: Path = DEFAULT_FRAMEWORK_FILE) -> LoadSummary:
    """Check a framework file and load it; a malformed file is refused with every problem
    named (``ValidationError``), and nothing is written."""
    return framework_load_checked(actor=actor, data=framework_read(path), source=path.name)


def framework_load_checked(*, actor: Any, data: Any, source: str) -> LoadSummary:
    """``framework_load`` after ``framework_problems`` found nothing wrong. A file identical
    to the loaded version is answered at once: comparing each record through ``upsert``
    loads every related record one query at a time, which makes a rerun slow."""
    if problems := framework_problems(data):
        raise ValidationError(problems)
    version = FrameworkVersion.objects.filter(code=data["code"]).first()
    if version is not None and framework_export(version) == _normalised(data):
        return LoadSummary(unchanged=_record_count(data))
    return framework_load(actor=actor, data=data, source=source)


_QUESTION_DEFAULTS = {
    "guidance": "",
    "allow_not_applicable": False,
    "comment_rule": CommentRule.OPTIONAL.value,
    "evidence_allowed": True,
}


def _normalised(data: dict[str, Any]) -> dict[str, Any]:
    """A checked file's contents as ``framework_export`` writes them: defaults left out and
    every list in number order."""

    def trim(record: dict[str, Any], defaults: dict[str, Any]) -> dict[str, Any]:
        return {k: v for k, v in record.items() if k not in defaults or defaults[k] != v}

    def by_number(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return sorted(records, key=lambda record: record["number"])

    blank = {"description": ""}
    return trim(data, blank) | {
        "domains": [
            trim(domain, blank)
            | {
                "standards": [
                    trim(standard, blank | {"previous": ""})
                    | {
                        "questions": [
                            trim(question, _QUESTION_DEFAULTS | {"previous": ""})
                            for question in by_number(standard["questions"])
                        ]
                    }
                    for standard in by_number(domain["standards"])
                ]
            }
            for domain in by_number(data["domains"])
        ]
    }


def _record_count(data: dict[str, Any]) -> int:
    return 1 + sum(
        1 + sum(1 + len(standard["questions"]) for standard in domain["standards"])
        for domain in data["domains"]
    )


def _refs(model: Any, data: dict[str, Any], level: str) -> dict[str, Any]:
    """Records of earlier versions named as ``previous`` anywhere in ``data``."""
    wanted: set[str] = set()
    for domain in data["domains"]:
        for standard in domain["standards"]:
            if level == "standards" and standard.get("previous"):
                wanted.add(standard["previous"])
            for question in standard["questions"]:
                if level == "questions" and question.get("previous"):
                    wanted.add(question["previous"])
    found = {record.ref: record for record in model.objects.filter(ref__in=wanted)}
    if missing := sorted(wanted - set(found)):
        raise ValidationError(
            f"Earlier {level} named as previous do not exist: {', '.join(missing)}"
        )
    return found


# ---------------------------------------------------------------------------------------
# Checking a framework file

CODE_PATTERN = re.compile(r"^[A-Z][A-Z0-9]{1,15}$")
_KEYS = {
    "version": ({"code", "name", "domains"}, {"description"}),
    "domain": ({"number", "title", "standards"}, {"description"}),
    "standard": ({"number", "title", "questions"}, {"description", "previous"}),
    "question": (
        {"number", "text"},
        {"guidance", "allow_not_applicable", "comment_rule", "evidence_allowed", "previous"},
    ),
}
_LENGTHS = {"version": 200, "domain": 200, "standard": 300}
_COMMENT_RULES = [rule.value for rule in CommentRule]


def code_problem(code: Any) -> str:
    """Why ``code`` cannot be a version code, or "" when it can."""
    if not isinstance(code, str) or not CODE_PATTERN.match(code):
        return (
            "The code must be 2 to 16 capital letters and digits, starting with a letter, "
            "like QF2026"
        )
    return ""


def framework_read(path: Path) -> Any:
    """The parsed contents of a framework file; unreadable JSON is a ``ValidationError``."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise ValidationError(f"{path}: cannot be read ({error.strerror})") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise ValidationError(f"{path.name} is not valid JSON: {error}") from None


def framework_problems(data: Any) -> list[str]:
    """Everything wrong with a framework file's contents, each naming where it is: missing
    or unknown keys, wrong types, duplicate numbers, an unknown comment rule, and earlier
    records named as ``previous`` that do not exist. Empty when the file can be loaded."""
    if not isinstance(data, dict):
        return ["The file must hold one JSON object with code, name and domains"]
    problems: list[str] = []
    _check_keys(data, "version", "The file", problems)
    code = data.get("code")
    if "code" in data and (problem := code_problem(code)):
        problems.append(f"The file's code {code!r}: {problem}")
    code = code if isinstance(code, str) and code else "?"
    previous: dict[str, list[tuple[str, str]]] = {"standard": [], "question": []}
    _check_text(data, "name", "The file", problems, limit=_LENGTHS["version"])
    for domain, label in _children(data, "domains", "domain", "The file", problems):
        d = f"{code}-{domain['number']}" if _good_number(domain) else ""
        where = f"Domain {d}" if d else label
        _check_text(domain, "title", where, problems, limit=_LENGTHS["domain"])
        for standard, label in _children(domain, "standards", "standard", where, problems):
            s = f"{d}.{standard['number']}" if d and _good_number(standard) else ""
            where_s = f"Standard {s}" if s else label
            _check_text(standard, "title", where_s, problems, limit=_LENGTHS["standard"])
            _note_previous(standard, where_s, code, previous["standard"], problems)
            for question, label in _children(standard, "questions", "question", where_s, problems):
                good = s and _good_number(question)
                where_q = f"Question {question_ref(s, question['number'])}" if good else label
                _check_question(question, where_q, problems)
                _note_previous(question, where_q, code, previous["question"], problems)
    problems += _unknown_previous(Standard, previous["standard"], "standard")
    problems += _unknown_previous(Question, previous["question"], "question")
    return problems


def _check_keys(record: dict[str, Any], level: str, where: str, problems: list[str]) -> None:
    required, optional = _KEYS[level]
    for key in sorted(required - set(record)):
        problems.append(f"{where}: {key!r} is missing")
    for key in sorted(set(record) - required - optional):
        problems.append(
            f"{where}: {key!r} is not a known key (expected one of "
            f"{', '.join(sorted(required | optional))})"
        )
    if "description" in record and not isinstance(record["description"], str):
        problems.append(f"{where}: 'description' must be text")


def _check_text(
    record: dict[str, Any], key: str, where: str, problems: list[str], *, limit: int = 0
) -> None:
    value = record.get(key)
    if key not in record:
        return  # reported as missing
    if not isinstance(value, str) or not value.strip():
        problems.append(f"{where}: {key!r} must be text that is not empty")
    elif limit and len(value) > limit:
        problems.append(f"{where}: {key!r} is {len(value)} characters long; the most is {limit}")


def _good_number(record: dict[str, Any]) -> bool:
    number = record.get("number")
    return isinstance(number, int) and not isinstance(number, bool) and 1 <= number <= 999


def _children(
    parent: dict[str, Any], key: str, level: str, where: str, problems: list[str]
) -> Iterable[tuple[dict[str, Any], str]]:
    """The records listed under ``key``, each checked for its keys and number, with its
    position ("The 2nd standard of domain QF2021-1") for messages about a record whose
    number cannot be used to name it."""
    records = parent.get(key)
    if key not in parent:
        return
    if not isinstance(records, list) or not records:
        problems.append(f"{where}: {key!r} must be a list with at least one {level}")
        return
    seen: set[int] = set()
    for position, record in enumerate(records, 1):
        label = f"The {_ordinal(position)} {level} of {where[0].lower()}{where[1:]}"
        if not isinstance(record, dict):
            problems.append(f"{label}: must be a JSON object")
            continue
        _check_keys(record, level, label, problems)
        if "number" in record and not _good_number(record):
            problems.append(f"{label}: 'number' must be a whole number from 1 to 999")
        elif _good_number(record):
            if record["number"] in seen:
                problems.append(f"{where}: {level} number {record['number']} is used twice")
            seen.add(record["number"])
        yield record, label


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _check_question(question: dict[str, Any], where: str, problems: list[str]) -> None:
    _check_text(question, "text", where, problems)
    if "guidance" in question and not isinstance(question["guidance"], str):
        problems.append(f"{where}: 'guidance' must be text")
    for key in ("allow_not_applicable", "evidence_allowed"):
        if key in question and not isinstance(question[key], bool):
            problems.append(f"{where}: {key!r} must be true or false")
    rule = question.get("comment_rule", CommentRule.OPTIONAL.value)
    if rule not in _COMMENT_RULES:
        problems.append(f"{where}: comment_rule {rule!r} is not one of {', '.join(_COMMENT_RULES)}")


def _note_previous(
    record: dict[str, Any],
    where: str,
    code: str,
    wanted: list[tuple[str, str]],
    problems: list[str],
) -> None:
    if "previous" not in record:
        return
    ref = record["previous"]
    if not isinstance(ref, str) or not ref:
        problems.append(f"{where}: 'previous' must be the reference of an earlier record")
    elif ref.startswith(f"{code}-"):
        problems.append(
            f"{where}: previous {ref!r} is in this version; it must name an earlier version's"
        )
    else:
        wanted.append((where, ref))


def _unknown_previous(model: Any, wanted: list[tuple[str, str]], level: str) -> list[str]:
    if not wanted:
        return []
    found = set(
        model.objects.filter(ref__in={ref for _, ref in wanted}).values_list("ref", flat=True)
    )
    return [
        f"{where}: previous {ref!r} is not a {level} of any loaded version"
        for where, ref in wanted
        if ref not in found
    ]


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
        return cls(
            text=question.text,
            guidance=question.guidance,
            allow_not_applicable=question.allow_not_applicable,
            comment_rule=question.comment_rule,
            evidence_allowed=question.evidence_allowed,
            previous=question.previous,
        )


def frozen_reason(version: FrameworkVersion) -> str:
    return (
        f"{version.code} is used by a campaign, so it can no longer change: answers refer "
        "to its questions. Clone it to make a new version and change that instead."
    )


def _editable(version_id: int) -> FrameworkVersion:
    """The version, locked for the rest of the transaction; refused when frozen."""
    version = FrameworkVersion.objects.select_for_update().get(pk=version_id)
    if is_frozen(version):
        raise ValidationError(frozen_reason(version))
    return version


def _next_number(records: Any) -> int:
    return int(records.aggregate(top=Max("number"))["top"] or 0) + 1


def _required(value: str, field: str, message: str) -> str:
    value = value.strip()
    if not value:
        raise ValidationError({field: message})
    return value


def _check_previous(record: Any, previous: Any, version_id: int, noun: str) -> None:
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
    *, actor: Any, source: FrameworkVersion, code: str, name: str
) -> FrameworkVersion:
    """A new version with every domain, standard and question of ``source`` under the new
    code. Each copied standard and question names its original as ``previous``, so
    year-on-year comparison works without further mapping."""
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


def _copy(actor: Any, source: FrameworkVersion, code: str, name: str) -> FrameworkVersion:
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
                        text=question.text,
                        guidance=question.guidance,
                        allow_not_applicable=question.allow_not_applicable,
                        comment_rule=question.comment_rule,
                        evidence_allowed=question.evidence_allowed,
                        previous=question,
                    )
    return clone


def framework_update(
    *, actor: Any, version: FrameworkVersion, name: str, description: str
) -> FrameworkVersion:
    """Change a version's name and description (its code is in every reference: fixed)."""
    name = _required(name, "name", "Enter a name for the version")
    with transaction.atomic(), acting_as(actor):
        locked = _editable(version.pk)
        locked.name, locked.description = name, description.strip()
        locked.full_clean()
        locked.save()
    version.refresh_from_db()
    return version


def domain_add(
    *, actor: Any, version: FrameworkVersion, title: str, description: str = ""
) -> Domain:
    """Add a domain after the version's last one."""
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


def domain_update(*, actor: Any, domain: Domain, title: str, description: str) -> Domain:
    title = _required(title, "title", "Enter the domain's title")
    with transaction.atomic(), acting_as(actor):
        _editable(domain.version_id)
        domain.title, domain.description = title, description.strip()
        domain.full_clean()
        domain.save()
    return domain


def domain_remove(*, actor: Any, domain: Domain) -> None:
    """Remove a domain with its standards and questions; the other domains keep their
    numbers, so every reference stays as it was."""
    with transaction.atomic(), acting_as(actor):
        _editable(domain.version_id)
        domain.delete()


def standard_add(
    *,
    actor: Any,
    domain: Domain,
    title: str,
    description: str = "",
    previous: Standard | None = None,
) -> Standard:
    """Add a standard after the domain's last one."""
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
    actor: Any,
    standard: Standard,
    title: str,
    description: str,
    previous: Standard | None,
) -> Standard:
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


def standard_remove(*, actor: Any, standard: Standard) -> None:
    """Remove a standard with its questions; other standards keep their numbers."""
    with transaction.atomic(), acting_as(actor):
        _editable(standard.domain.version_id)
        standard.delete()


def _question_values(settings: QuestionSettings) -> dict[str, Any]:
    text = _required(settings.text, "text", "Enter the question")
    if settings.comment_rule not in _COMMENT_RULES:
        raise ValidationError({"comment_rule": "Choose when a comment is needed"})
    return {
        "text": text,
        "guidance": settings.guidance.strip(),
        "allow_not_applicable": settings.allow_not_applicable,
        "comment_rule": settings.comment_rule,
        "evidence_allowed": settings.evidence_allowed,
        "previous": settings.previous,
    }


def question_add(*, actor: Any, standard: Standard, settings: QuestionSettings) -> Question:
    """Add a question after the standard's last one."""
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


def question_update(*, actor: Any, question: Question, settings: QuestionSettings) -> Question:
    values = _question_values(settings)
    _check_previous(question, settings.previous, question.version_id, "question")
    with transaction.atomic(), acting_as(actor):
        _editable(question.version_id)
        for name, value in values.items():
            setattr(question, name, value)
        question.full_clean()
        question.save()
    return question


def question_remove(*, actor: Any, question: Question) -> None:
    """Remove a question; the others keep their numbers and references."""
    with transaction.atomic(), acting_as(actor):
        _editable(question.version_id)
        question.delete()


def framework_export(version: FrameworkVersion) -> dict[str, Any]:
    """The version in the layout of the data files, so an edited version can be saved in
    the repository and loaded elsewhere with ``load_framework``."""
    standards = Standard.objects.filter(domain__version=version).select_related("previous")
    questions = Question.objects.filter(version=version).select_related("previous")
    domains = []
    for domain in version.domains.order_by("number"):
        domain_data: dict[str, Any] = {"number": domain.number, "title": domain.title}
        if domain.description:
            domain_data["description"] = domain.description
        domain_data["standards"] = []
        for standard in sorted(
            (s for s in standards if s.domain_id == domain.pk), key=lambda s: s.number
        ):
            standard_data: dict[str, Any] = {"number": standard.number, "title": standard.title}
            if standard.description:
                standard_data["description"] = standard.description
            if standard.previous is not None:
                standard_data["previous"] = standard.previous.ref
            standard_data["questions"] = [
                _question_data(q)
                for q in sorted(
                    (q for q in questions if q.standard_id == standard.pk),
                    key=lambda q: q.number,
                )
            ]
            domain_data["standards"].append(standard_data)
        domains.append(domain_data)
    data: dict[str, Any] = {"code": version.code, "name": version.name}
    if version.description:
        data["description"] = version.description
    data["domains"] = domains
    return data


def _question_data(question: Question) -> dict[str, Any]:
    data: dict[str, Any] = {"number": question.number, "text": question.text}
    if question.guidance:
        data["guidance"] = question.guidance
    if question.allow_not_applicable:
        data["allow_not_applicable"] = True
    if question.comment_rule != CommentRule.OPTIONAL:
        data["comment_rule"] = question.comment_rule
    if not question.evidence_allowed:
        data["evidence_allowed"] = False
    if question.previous is not None:
        data["previous"] = question.previous.ref
    return data

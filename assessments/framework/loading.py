"""Loading framework versions from their data files: checked first, matched on stable
references, idempotent, and refused for a version a campaign already uses."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction

from assessments.framework.checks import framework_problems, framework_read, question_ref
from assessments.framework.export import framework_export
from assessments.framework.services import is_frozen
from assessments.models import CommentRule, Domain, FrameworkVersion, Question, Standard
from assessments.permissions import check_may_manage_framework
from core.audit import acting_as
from core.reference import LoadSummary, upsert

if TYPE_CHECKING:
    from accounts.models import User

DATA_DIR = Path(__file__).parent.parent / "data"
DEFAULT_FRAMEWORK_FILE = DATA_DIR / "qf2021.json"


def framework_load(*, actor: User | None, data: dict[str, Any], source: str = "") -> LoadSummary:
    """Create or update a framework version from ``data`` (the layout of the files in
    ``assessments/data``), matching every record on its reference id. A second run changes
    nothing; a version in use by a campaign refuses any change and nothing is written.
    Only a quality administrator (or the system, None: the command and the reference-data
    loader) may load one."""
    check_may_manage_framework(actor)
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
            _load_domain(
                version, code, domain_data, previous_standards, previous_questions, summary
            )
        if (summary.created or summary.updated) and is_frozen(version):
            raise ValidationError(
                f"{code} is used by a campaign and cannot change; clone it to make a new version."
            )
    return summary


def _load_domain(
    version: FrameworkVersion,
    code: str,
    domain_data: dict[str, Any],
    previous_standards: dict[str, Standard],
    previous_questions: dict[str, Question],
    summary: LoadSummary,
) -> None:
    """One domain of the file, with its standards and their questions."""
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
                    "allow_not_applicable": question_data.get("allow_not_applicable", False),
                    "comment_rule": question_data.get("comment_rule", "optional"),
                    "evidence_allowed": question_data.get("evidence_allowed", True),
                    "previous": previous_questions.get(question_data.get("previous", "")),
                },
                summary,
            )


def framework_load_file(*, actor: User | None, path: Path = DEFAULT_FRAMEWORK_FILE) -> LoadSummary:
    """Check a framework file and load it; a malformed file is refused with every problem
    named (``ValidationError``), and nothing is written."""
    return framework_load_checked(actor=actor, data=framework_read(path), source=path.name)


def framework_load_checked(*, actor: User | None, data: Any, source: str) -> LoadSummary:
    """``framework_load`` after ``framework_problems`` found nothing wrong. A file identical
    to the loaded version is answered at once: comparing each record through ``upsert``
    loads every related record one query at a time, which makes a rerun slow. Only a quality
    administrator (or the system, None) may load one."""
    check_may_manage_framework(actor)
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

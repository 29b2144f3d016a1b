"""Loading framework versions from their versioned data files."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from assessments.models import Domain, FrameworkVersion, Question, Standard
from core.audit import acting_as
from core.reference import LoadSummary, upsert

DATA_DIR = Path(__file__).parent / "data"


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


def framework_load_file(*, actor: Any, path: Path) -> LoadSummary:
    return framework_load(
        actor=actor, data=json.loads(path.read_text(encoding="utf-8")), source=path.name
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

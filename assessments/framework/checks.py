"""Checking a framework file before anything is written: every problem, each naming where
it is (missing or unknown keys, wrong types, duplicate numbers, unknown earlier records)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError

from assessments.models import CommentRule, Question, Standard
from core.text import unsaveable


def question_ref(standard_ref: str, number: int) -> str:
    return f"{standard_ref}-Q{number}"


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
COMMENT_RULES = [rule.value for rule in CommentRule]


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
    elif problem := unsaveable(value):
        problems.append(f"{where}: {key!r} contains {problem}")


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
    if rule not in COMMENT_RULES:
        problems.append(f"{where}: comment_rule {rule!r} is not one of {', '.join(COMMENT_RULES)}")


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

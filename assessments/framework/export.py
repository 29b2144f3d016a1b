"""A framework version written out as the data a framework file holds."""

from __future__ import annotations

from typing import Any

from assessments.models import CommentRule, FrameworkVersion, Question, Standard


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

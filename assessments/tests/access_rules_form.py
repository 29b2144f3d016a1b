"""Access rules of the self-assessment form pages.

Everyone in the self-assessment may read the submissions they can see; only the provider's
contributors change them (administrators may also assign domains). The builders use a
campaign of their own (academic year 2030), in progress, so the sign-off and review rules
moving the 2025 submissions on cannot lock these pages when all builders share one database.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.files.base import ContentFile

from access.testing import World
from assessments.models import (
    Action,
    Answer,
    Campaign,
    Evidence,
    Question,
    Submission,
    SubmissionStatus,
)
from assessments.testing import YEAR, build_assessment
from core import clock
from core.testing.access import Rule

FORM_YEAR = 2030
READERS = frozenset({"admin", "regional_lead", "pp_contributor", "pp_executive"})
CONTRIBUTOR = frozenset({"pp_contributor"})
ASSIGNERS = frozenset({"admin", "pp_contributor"})


def form_submission(world: World, region: str = "london") -> Submission:
    """The 2030 submission of the world's London (or Midlands) provider, editable."""
    if not Campaign.objects.filter(academic_year=YEAR).exists():
        build_assessment(world)
    base = Campaign.objects.get(academic_year=YEAR)
    today = clock.today()
    campaign, _ = Campaign.objects.get_or_create(
        academic_year=FORM_YEAR,
        defaults={
            "name": "Self-assessment 2030/31 (form checks)",
            "framework_version": base.framework_version,
            "opens_on": today - dt.timedelta(days=1),
            "due_on": today + dt.timedelta(days=60),
        },
    )
    organisation = world.london_pp if region == "london" else world.midlands_pp
    submission, _ = Submission.objects.get_or_create(
        campaign=campaign,
        organisation=organisation,
        defaults={"due_on": campaign.due_on, "status": SubmissionStatus.IN_PROGRESS},
    )
    return submission


def _question(submission: Submission) -> Question:
    return Question.objects.filter(version_id=submission.campaign.framework_version_id).order_by(
        "domain__number", "standard__number", "number"
    )[0]


def _answer(submission: Submission) -> Answer:
    answer, created = Answer.objects.get_or_create(
        submission=submission,
        question=_question(submission),
        defaults={
            "value": "partially_met",
            "comment": "Most wards have a named lead.",
            "revision": 1,
            "previous_value": "met",
        },
    )
    if created:
        Submission.objects.filter(pk=submission.pk).update(answered_count=1)
    return answer


def _submission(world: World, region: str = "london") -> dict[str, Any]:
    return {"pk": form_submission(world, region).pk}


def _domain(world: World, region: str = "london") -> dict[str, Any]:
    return _submission(world, region) | {"number": 1}


def _with_question(world: World) -> dict[str, Any]:
    submission = form_submission(world)
    return {"pk": submission.pk, "question": _question(submission).pk}


def _action(world: World, region: str = "london") -> Action:
    answer = _answer(form_submission(world, region))
    action = answer.actions.first()
    if action is None:
        action = Action.objects.create(
            answer=answer,
            description="Name a safety lead on every ward",
            owner="Head of Nursing Education",
            due_on=clock.today() + dt.timedelta(days=90),
        )
    return action


def _evidence(world: World, region: str = "london") -> Evidence:
    answer = _answer(form_submission(world, region))
    evidence = answer.evidence.first()
    if evidence is None:
        evidence = Evidence(
            answer=answer,
            original_name="ward-leads.txt",
            content_type="text/plain; charset=utf-8",
            size=24,
            sha256="0" * 64,
        )
        evidence.file.save("ward-leads.txt", ContentFile(b"Ward safety leads, 2030\n"))
    return evidence


def _autosave_data(world: World) -> dict[str, Any]:
    submission = form_submission(world)
    question = _question(submission)
    answer = Answer.objects.filter(submission=submission, question=question).first()
    return {
        "question": question.pk,
        "value": "met",
        "comment": "Checked by the access matrix",
        "revision": answer.revision if answer else 0,
    }


RULES = {
    "assessments:submission": Rule(
        allowed=READERS, kwargs=_submission, foreign=lambda w: _submission(w, "midlands")
    ),
    "assessments:form_domain": Rule(
        allowed=READERS,
        kwargs=lambda w: (_action(w), _evidence(w), _domain(w))[-1],
        foreign=lambda w: _domain(w, "midlands"),
    ),
    "assessments:answer_autosave": Rule(
        allowed=CONTRIBUTOR, kwargs=_submission, method="POST", data=_autosave_data, sweep=False
    ),
    "assessments:check_answers": Rule(
        allowed=READERS, kwargs=_submission, foreign=lambda w: _submission(w, "midlands")
    ),
    "assessments:assign": Rule(
        allowed=ASSIGNERS, kwargs=_submission, foreign=lambda w: _submission(w, "midlands")
    ),
    "assessments:copy_previous": Rule(allowed=CONTRIBUTOR, kwargs=_submission),
    "assessments:action_add": Rule(allowed=CONTRIBUTOR, kwargs=_with_question),
    "assessments:action_edit": Rule(
        allowed=CONTRIBUTOR,
        kwargs=lambda w: {"pk": form_submission(w).pk, "action": _action(w).pk},
    ),
    "assessments:action_remove": Rule(
        allowed=CONTRIBUTOR,
        kwargs=lambda w: {"pk": form_submission(w).pk, "action": _action(w).pk},
    ),
    "assessments:evidence_add": Rule(allowed=CONTRIBUTOR, kwargs=_with_question),
    "assessments:evidence_remove": Rule(
        allowed=CONTRIBUTOR,
        kwargs=lambda w: {"pk": form_submission(w).pk, "evidence": _evidence(w).pk},
    ),
    # A download, not a page: the matrix checks who gets it, the sweep has nothing to look at.
    "assessments:evidence_download": Rule(
        allowed=READERS,
        kwargs=lambda w: {"pk": _evidence(w).pk},
        foreign=lambda w: {"pk": _evidence(w, "midlands").pk},
        sweep=False,
    ),
}

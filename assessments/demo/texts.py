"""The invented wording of the demo self-assessments: comments and actions (composed from
the parts in ``phrases``), the actions' owners, reasons for extensions and for reopening."""

from __future__ import annotations

import random

from assessments.demo import phrases
from assessments.models import AnswerValue


def _standard_key(standard_ref: str) -> str:
    """ "QF2021-3.2" -> "3.2": the standard's place in the framework, whatever its code."""
    return standard_ref.rsplit("-", 1)[-1]


def action(rng: random.Random, standard_ref: str) -> str:
    """What a provider will do about a weak answer under this standard: what, where or for
    whom, and how it will know it worked, as one sentence."""
    key = _standard_key(standard_ref)
    where, check = phrases.DOMAIN_PARTS.get(
        key.split(".")[0], (phrases.PLACEMENT_WHERE, phrases.PLACEMENT_CHECK)
    )
    what = rng.choice(phrases.TO_DO.get(key, phrases.GENERAL_TO_DO))
    return f"{what} {rng.choice(where)}, {rng.choice(check)}."


def comment(rng: random.Random, value: str) -> str:
    """A provider's comment on an answer of this value, as one sentence."""
    if value == AnswerValue.MET:
        scope = rng.choice(phrases.MET_SCOPE)
        found = f"{rng.choice(phrases.MET_SOURCE)} {rng.choice(phrases.MET_FINDING)}"
        return f"{found} {scope}." if scope else f"{found}."
    if value == AnswerValue.PARTIALLY_MET:
        return f"{rng.choice(phrases.PARTLY_GOOD)}, but {rng.choice(phrases.PARTLY_GAP)}."
    if value == AnswerValue.NOT_MET:
        return f"{rng.choice(phrases.NOT_MET_FINDING)}; {rng.choice(phrases.NOT_MET_RESPONSE)}."
    return rng.choice(phrases.NOT_APPLICABLE)


OWNERS = (
    "Director of Nursing",
    "Head of Education and Training",
    "Lead Practice Education Facilitator",
    "Deputy Chief Nurse",
    "Medical Education Manager",
    "Placement Quality Lead",
    "Head of Allied Health Professions",
)
EXTENSION_REASONS = (
    "A new executive team could not take the submission to the board before the due date.",
    "A cyber incident stopped access to the evidence for two weeks.",
    "The board meeting that reviews the submission moved because of industrial action.",
)
REOPEN_REASON = (
    "Reopened at the provider's request: one answer about learner supervision described the "
    "wrong site."
)

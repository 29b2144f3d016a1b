"""The invented wording of the demo self-assessments: comments, actions and their owners,
reasons for extensions and for reopening."""

from __future__ import annotations

from assessments.models import AnswerValue

COMMENTS: dict[str, tuple[str, ...]] = {
    AnswerValue.MET: (
        "Checked during this year's placement audits at every site.",
        "Learner survey results support this; no concerns were raised.",
        "Reviewed with the practice education team; the arrangements are well established.",
        "Confirmed by our most recent internal quality review.",
        "Reported to the board in the annual education governance report.",
        "Discussed at the education quality committee, which found no gaps.",
    ),
    AnswerValue.PARTIALLY_MET: (
        "In place on most wards but not yet at the smaller sites.",
        "The arrangements exist, but learners' feedback shows they are not always followed.",
        "Better than last year; some teams still need support to apply it.",
        "The policy is agreed and being rolled out to every placement area.",
        "Works well for nursing learners; allied health learners report a mixed picture.",
    ),
    AnswerValue.NOT_MET: (
        "Not in place yet: our own review found this gap this year.",
        "Learner feedback and an incident review showed this is not happening reliably.",
        "Staffing pressures mean this has lapsed; a recovery plan is being agreed.",
    ),
    AnswerValue.NOT_APPLICABLE: (
        "We do not host placements of this kind.",
        "Not relevant to the services we provide.",
    ),
}
ACTIONS = (
    "Roll the agreed approach out to every placement area and check it at the next audit.",
    "Add this to the practice education facilitators' monthly checks and report the results "
    "to the education committee.",
    "Train placement supervisors at the smaller sites, then repeat the learner survey.",
    "Agree a recovery plan with the education lead and report progress to the board each quarter.",
    "Review the policy with learner representatives and publish the revised version.",
    "Name a contact for learners at each site and tell every learner who it is at induction.",
)
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

"""Actions: what will be done, who owns it and by when. Every process keeps action plans
(answers' actions, QCPM improvement plans, intervention requirements), checked the same way."""

from __future__ import annotations

import datetime as dt

from core import clock
from core.text import TEXT_LIMIT, check_text

OWNER_LIMIT = 200


def check_action(
    description: str | None,
    owner: str | None,
    due_on: dt.date | None,
    *,
    description_limit: int = TEXT_LIMIT,
    unchanged_due: dt.date | None = None,
) -> tuple[str, str, dict[str, str]]:
    """The trimmed description and owner, and each field's problem. An action is due today
    or later; a due date already stored (``unchanged_due``) may stay as it is when other
    fields change, even once it has passed."""
    description, description_problem = check_text(
        description, what="what will be done", limit=description_limit
    )
    owner, owner_problem = check_text(owner, what="who owns the action", limit=OWNER_LIMIT)
    due_problem = None
    if due_on is None:
        due_problem = "Enter the date the action is due"
    elif due_on != unchanged_due and due_on < clock.today():
        due_problem = "The date the action is due must be today or later"
    problems = {"description": description_problem, "owner": owner_problem, "due_on": due_problem}
    return description, owner, {name: text for name, text in problems.items() if text}

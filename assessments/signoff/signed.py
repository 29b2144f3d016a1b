"""The relational copy of what was signed, which the national report counts.

``signed_copy_write`` turns sign-offs' snapshots into ``SignedAnswer`` rows (every question of
the snapshot with its value) and ``SignedAction`` rows (its actions). Signing calls it in the
same transaction as it creates the ``SignOff``, from the snapshot it just froze, so the rows
are exactly what was signed. The migration that filled the rows for earlier sign-offs does
the same on its own (a migration keeps its own copy of the code), and a test checks that
both write the same rows.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from assessments.models import Action, Question, SignedAction, SignedAnswer, SignOff

BATCH = 2000

# An action as signed: its submission, question, description, owner and due date.
ActionKey = tuple[int, int, str, str, dt.date]


def signed_copy_write(sign_offs: Sequence[SignOff]) -> None:
    """Write the signed answers and actions of these sign-offs from their snapshots.

    A signed action keeps the id the action had when signed (``recorded``), found by what
    the action says, so the report lists actions in the order they were recorded."""
    snapshots = [(s, s.snapshot) for s in sign_offs if isinstance(s.snapshot, dict)]
    refs = {row["ref"] for _, snapshot in snapshots for row in snapshot.get("questions", [])}
    questions = dict(Question.objects.filter(ref__in=refs).values_list("ref", "pk"))
    recorded = _recorded(sign_off.submission_id for sign_off, _ in snapshots)
    answers: list[SignedAnswer] = []
    signed: list[tuple[SignedAnswer, list[dict[str, Any]]]] = []
    for sign_off, snapshot in snapshots:
        for row in snapshot.get("questions", []):
            question = questions.get(row["ref"])
            if question is None:
                continue
            answer = SignedAnswer(
                sign_off=sign_off,
                submission_id=sign_off.submission_id,
                version=sign_off.version,
                question_id=question,
                value=row.get("value") or "",
            )
            answers.append(answer)
            signed.append((answer, row.get("actions") or []))
    SignedAnswer.objects.bulk_create(answers, batch_size=BATCH)
    actions = []
    for answer, rows in signed:
        # Two actions of an answer that say the same take the ids in turn.
        taken: dict[tuple[Any, ...], int] = defaultdict(int)
        for row in rows:
            due_on = dt.date.fromisoformat(row["due_on"])
            key = (answer.submission_id, answer.question_id, row["description"], row["owner"])
            ids = recorded.get((*key, due_on), [])
            turn = taken[(*key, due_on)]
            taken[(*key, due_on)] += 1
            actions.append(
                SignedAction(
                    answer=answer,
                    description=row["description"],
                    owner=row["owner"],
                    due_on=due_on,
                    recorded=ids[turn] if turn < len(ids) else None,
                )
            )
    SignedAction.objects.bulk_create(actions, batch_size=BATCH)


def _recorded(submission_ids: Iterable[int]) -> dict[ActionKey, list[int]]:
    """The ids of the submissions' actions, oldest first, by what each says."""
    ids: dict[ActionKey, list[int]] = defaultdict(list)
    rows = (
        Action.objects.filter(answer__submission_id__in=set(submission_ids))
        .order_by("pk")
        .values_list(
            "pk", "answer__submission_id", "answer__question_id", "description", "owner", "due_on"
        )
    )
    for pk, submission, question, description, owner, due_on in rows:
        ids[(submission, question, description, owner, due_on)].append(pk)
    return ids

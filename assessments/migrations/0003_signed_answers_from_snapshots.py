"""Fill the signed answers and actions of every existing sign-off from its snapshot.

The same rows as signing writes (``assessments.signoff.signed.signed_copy_write``); a
migration keeps its own copy of the code, and a test checks the two agree. Reversing it
deletes the rows.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from django.db import migrations

BATCH = 500


def backfill(apps: Any, schema_editor: Any) -> None:
    """Write the rows of every sign-off that has none yet, a batch of sign-offs at a time."""
    SignOff = apps.get_model("assessments", "SignOff")
    SignedAnswer = apps.get_model("assessments", "SignedAnswer")
    done = set(SignedAnswer.objects.values_list("sign_off_id", flat=True).distinct())
    ids = [
        pk for pk in SignOff.objects.order_by("pk").values_list("pk", flat=True) if pk not in done
    ]
    for start in range(0, len(ids), BATCH):
        batch = list(SignOff.objects.filter(pk__in=ids[start : start + BATCH]).order_by("pk"))
        _write(apps, batch)


def _write(apps: Any, sign_offs: list[Any]) -> None:
    Question = apps.get_model("assessments", "Question")
    SignedAnswer = apps.get_model("assessments", "SignedAnswer")
    SignedAction = apps.get_model("assessments", "SignedAction")
    snapshots = [(s, s.snapshot) for s in sign_offs if isinstance(s.snapshot, dict)]
    refs = {row["ref"] for _, snapshot in snapshots for row in snapshot.get("questions", [])}
    questions = dict(Question.objects.filter(ref__in=refs).values_list("ref", "pk"))
    recorded = _recorded(apps, {sign_off.submission_id for sign_off, _ in snapshots})
    answers = []
    signed = []
    for sign_off, snapshot in snapshots:
        for row in snapshot.get("questions", []):
            question = questions.get(row["ref"])
            if question is None:
                continue
            answer = SignedAnswer(
                sign_off_id=sign_off.pk,
                submission_id=sign_off.submission_id,
                version=sign_off.version,
                question_id=question,
                value=row.get("value") or "",
            )
            answers.append(answer)
            signed.append((answer, row.get("actions") or []))
    SignedAnswer.objects.bulk_create(answers, batch_size=2000)
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
    SignedAction.objects.bulk_create(actions, batch_size=2000)


def _recorded(apps: Any, submission_ids: set[int]) -> dict[tuple[Any, ...], list[int]]:
    """The ids of the submissions' actions, oldest first, by what each says."""
    Action = apps.get_model("assessments", "Action")
    ids: dict[tuple[Any, ...], list[int]] = defaultdict(list)
    rows = (
        Action.objects.filter(answer__submission_id__in=submission_ids)
        .order_by("pk")
        .values_list(
            "pk", "answer__submission_id", "answer__question_id", "description", "owner", "due_on"
        )
    )
    for pk, submission, question, description, owner, due_on in rows:
        ids[(submission, question, description, owner, due_on)].append(pk)
    return ids


def remove(apps: Any, schema_editor: Any) -> None:
    apps.get_model("assessments", "SignedAction").objects.all().delete()
    apps.get_model("assessments", "SignedAnswer").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("assessments", "0002_signed_answers")]

    operations = [migrations.RunPython(backfill, remove)]

"""The demo sign-offs: each signed submission's snapshot and hash, exactly as the sign-off
service freezes them, then the reopened submission and every planned event."""

from __future__ import annotations

import json
from collections import defaultdict
from typing import Any

from assessments.demo.rows import (
    EVENT_COLUMNS,
    SIGN_OFF_COLUMNS,
    PlannedQuestion,
    Rows,
    moment,
    pk_of,
)
from assessments.models import AnswerValue, SignOff, Submission, SubmissionEvent, SubmissionStatus
from assessments.signoff.services import (
    DECLARATION,
    content_hash,
    snapshot_envelope,
    snapshot_of,
)
from assessments.signoff.signed import signed_copy_write
from core.bulk import insert_rows

# Snapshots of each campaign also made by the sign-off service, to check ours match.
SNAPSHOTS_CHECKED = 3


def _snapshot(
    submission: Submission,
    questions: list[PlannedQuestion],
    answers: dict[int, tuple[Any, ...]],
    actions: dict[int, list[tuple[Any, ...]]],
) -> dict[str, Any]:
    """What ``snapshot_of`` returns for a demo submission, built from the rows in memory:
    the sign-off service reads each submission with four queries, too slow for 1,500.
    The demo has no evidence files. ``_snapshots`` checks it against the service."""
    rows = []
    for question in questions:
        _, _, value, comment, *_ = answers.get(question.id) or (0, 0, "", "")
        rows.append(
            {
                "ref": question.ref,
                "domain": {"number": question.domain_number, "title": question.domain_title},
                "standard": {"ref": question.standard_ref, "title": question.standard_title},
                "text": question.text,
                "value": value,
                "label": str(AnswerValue(value).label) if value else "",
                "comment": comment,
                "actions": [
                    {"description": description, "owner": owner, "due_on": due.isoformat()}
                    # In the service's order: by due date, then as they were added.
                    for description, owner, due, *_ in sorted(
                        actions.get(question.id, []), key=lambda action: action[2]
                    )
                ],
                "evidence": [],
            }
        )
    return snapshot_envelope(submission, rows)


def _snapshots(rows: Rows, questions: list[PlannedQuestion]) -> list[dict[str, Any]]:
    """The snapshot of every signed submission, exactly as the sign-off service makes it.

    The first few are also made by the service itself, from the database; if any differs
    (its format changed), the service makes them all, slower but still right."""
    answers: dict[int, dict[int, tuple[Any, ...]]] = defaultdict(dict)
    for row in rows.answers:
        answers[row[0]][row[1]] = row
    actions: dict[int, dict[int, list[tuple[Any, ...]]]] = defaultdict(lambda: defaultdict(list))
    for (submission, question), action in rows.actions:
        actions[submission][question].append(action)
    snapshots = [
        _snapshot(submission, questions, answers[submission.pk], actions[submission.pk])
        for submission, _ in rows.signed
    ]
    checked = min(len(snapshots), SNAPSHOTS_CHECKED)
    if any(snapshots[i] != snapshot_of(rows.signed[i][0]) for i in range(checked)):
        return [snapshot_of(submission) for submission, _ in rows.signed]
    return snapshots


def sign_off(rows: Rows, questions: list[PlannedQuestion]) -> None:
    """Sign off what was signed, with the sign-off service's snapshot and hash, then reopen
    the one to reopen and write the events."""
    sign_offs = []
    for (submission, signed), snapshot in zip(
        rows.signed, _snapshots(rows, questions), strict=True
    ):
        sha256 = content_hash(snapshot)
        signed[-1] = f"Content hash {sha256}"  # the event's comment, as the service writes it
        sign_offs.append(
            (
                submission.pk,
                submission.version,
                json.dumps(snapshot, separators=(",", ":")),
                sha256,
                DECLARATION,
                pk_of(submission.signatory),
                moment(submission.submitted_at),
            )
        )
    insert_rows(SignOff, SIGN_OFF_COLUMNS, sign_offs)
    # The national report counts the relational copy of what was signed, as signing writes it.
    signed_copy_write(list(SignOff.objects.filter(submission_id__in=[row[0] for row in sign_offs])))
    for submission in rows.reopened:
        submission.status = SubmissionStatus.REOPENED
        submission.version += 1
    Submission.objects.bulk_update(rows.reopened, ["status", "version"])
    insert_rows(
        SubmissionEvent,
        EVENT_COLUMNS,
        [
            (pk, kind, actor, version, moment(at), comment)
            for pk, kind, actor, version, at, comment in rows.events
        ],
    )

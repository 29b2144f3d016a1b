"""Sign-off and review at national scale: the review list, one submission's review page,
its history with every sign-off verified, and freezing a full snapshot with its hash.

Uses the self-assessment demo data (every placement provider has a submission); a submission
with a sign-off is preferred, so the history page has a hash to verify.
"""

from __future__ import annotations

from django.test import Client

from accounts.models import User
from assessments.models import Submission
from assessments.signoff.services import content_hash, snapshot_of
from bench.timing import Measure, measure, sql_ms


def run() -> list[Measure]:
    submission = (
        Submission.objects.filter(sign_offs__isnull=False)
        .order_by("-campaign__academic_year")
        .first()
        or Submission.objects.order_by("-answered_count").first()
    )
    if submission is None:
        return []  # no self-assessment demo data: nothing to measure
    admin = Client()
    admin.force_login(User.objects.get(email="admin@demo.test"))
    lead = Client()
    lead.force_login(User.objects.get(email="london.lead@demo.test"))
    total = Submission.objects.count()
    list_sql = (
        "SELECT s.id, s.status, s.due_on, o.name, g.name, c.academic_year "
        "FROM assessments_submission s "
        "JOIN organisations_organisation o ON o.id = s.organisation_id "
        "LEFT JOIN organisations_region g ON g.id = o.region_id "
        "JOIN assessments_campaign c ON c.id = s.campaign_id "
        "ORDER BY c.academic_year DESC, o.name, s.id LIMIT 50"
    )
    results = []
    national = measure(
        f"Review list, first page of {total:,} submissions (administrator)",
        lambda: admin.get("/self-assessment/submissions/review/"),
        target="< 300 ms",
    )
    national.sql_ms = sql_ms(list_sql)
    results.append(national)
    results.append(
        measure(
            "Review list, London (regional lead)",
            lambda: lead.get("/self-assessment/submissions/review/"),
            target="< 300 ms",
        )
    )
    answers = submission.answers.count()
    rows_sql = (
        "SELECT q.ref, q.text, a.value, a.comment, n.note FROM assessments_question q "
        "LEFT JOIN assessments_answer a ON a.question_id = q.id AND a.submission_id = %s "
        "LEFT JOIN assessments_reviewnote n ON n.answer_id = a.id WHERE q.version_id = %s"
    )
    params = [submission.pk, submission.campaign.framework_version_id]
    review = measure(
        f"Review page of one submission, {answers} answers with notes (administrator)",
        lambda: admin.get(f"/self-assessment/submissions/{submission.pk}/review/"),
        target="< 300 ms",
    )
    review.sql_ms = sql_ms(rows_sql, params)
    results.append(review)
    history = measure(
        "History with every sign-off's hash recomputed (administrator)",
        lambda: admin.get(f"/self-assessment/submissions/{submission.pk}/history/"),
        target="< 300 ms",
    )
    history.sql_ms = sql_ms(
        "SELECT * FROM assessments_signoff WHERE submission_id = %s", [submission.pk]
    )
    results.append(history)
    freeze = measure(
        f"Snapshot and SHA-256 of one submission ({answers} answers), as signing does",
        lambda: content_hash(snapshot_of(submission)),
        target="< 200 ms",
    )
    freeze.sql_ms = sql_ms(rows_sql, params)
    results.append(freeze)
    return results

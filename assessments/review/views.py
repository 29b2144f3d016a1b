"""Pages of the regional review: the list, one submission's answers with notes, responses."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from accounts.http import SignedInRequest
from assessments.models import ReviewNote
from assessments.permissions import (
    can_review_any,
    can_use_self_assessment,
    contributes_to,
    reviews,
)
from assessments.review import selectors
from assessments.review import services as review
from assessments.review.forms import NoteForm, ResponseForm, ReviewFilterForm
from assessments.selectors import submission_get
from assessments.views import apply_errors, overview_url
from core.http import require
from core.pagination import page_links, paginate


@require(can_review_any)
def review_list(request: SignedInRequest) -> HttpResponse:
    form = ReviewFilterForm(request.GET or None)
    filters: dict[str, Any] = form.cleaned() if form.is_bound else {"campaign": None, "status": ""}
    page = paginate(
        request,
        selectors.submissions_for_review(
            request.user, campaign=filters["campaign"], status=filters["status"]
        ),
    )
    counts = selectors.open_note_counts([submission.pk for submission in page.object_list])
    for submission in page.object_list:
        submission.open_notes = counts.get(submission.pk, 0)  # read by the template
    return render(
        request,
        "assessments/review/review_list.html",
        {
            "page_title": "Self-assessments to review",
            "form": form,
            "page": page,
            "pagination": page_links(request, page),
        },
    )


@require(can_use_self_assessment)
def review_submission(request: SignedInRequest, pk: int) -> HttpResponse:
    """Every answer with its notes, and a form on each answer to add one."""
    submission = submission_get(request.user, pk)
    if not reviews(request.user, submission):
        raise Http404("Page not found")
    rows = selectors.answer_rows(submission)
    posted = request.POST.get("answer") if request.method == "POST" else None
    # One note form at a time, under the answer chosen with "Add a note" (?note=<answer>):
    # a form on each of a hundred answers makes the page slow to build and long to tab past.
    chosen = posted or request.GET.get("note")
    error_form = None
    for row in rows:
        if row.answer is None or chosen != str(row.answer.pk):
            continue
        bound = posted is not None
        row.form = NoteForm(request.POST if bound else None, prefix=f"a{row.answer.pk}")
        if bound:
            if row.form.is_valid():
                try:
                    review.note_add(
                        actor=request.user,
                        answer=row.answer,
                        kind=row.form.cleaned_data["kind"],
                        note=row.form.cleaned_data["note"],
                    )
                except ValidationError as error:
                    apply_errors(row.form, error)
                else:
                    kind = ReviewNote.Kind(row.form.cleaned_data["kind"]).label.lower()
                    messages.success(request, f"Added a {kind} note on {row.question.ref}")
                    url = reverse("assessments:review", args=[submission.pk])
                    return redirect(f"{url}#answer-{row.answer.pk}")
            error_form = row.form
    if posted is not None and error_form is None:
        messages.error(request, "That answer is not part of this self-assessment")
    return render(
        request,
        "assessments/review/review_submission.html",
        {
            "page_title": f"Review: {submission.organisation.name}",
            "page_error": error_form is not None,
            "error_form": error_form,
            "submission": submission,
            "overview_url": overview_url(submission),
            "rows": rows,
            "open_notes": sum(
                1 for row in rows for n in row.notes if n.status != ReviewNote.Status.CLOSED
            ),
        },
    )


@require(can_use_self_assessment)
@require_POST
def note_close(request: SignedInRequest, pk: int) -> HttpResponse:
    note = selectors.note_get(request.user, pk)
    submission = note.answer.submission
    if not reviews(request.user, submission):
        raise Http404("Page not found")
    try:
        review.note_close(actor=request.user, note=note)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"Closed the note on {note.answer.question.ref}")
    url = reverse("assessments:review", args=[submission.pk])
    return redirect(f"{url}#answer-{note.answer_id}")


@require(can_use_self_assessment)
def clarifications(request: SignedInRequest, pk: int) -> HttpResponse:
    """Questions from the quality team; contributors answer the open ones here."""
    submission = submission_get(request.user, pk)
    notes = selectors.clarifications(submission)
    can_respond = contributes_to(request.user, submission)
    posted = request.POST.get("note") if request.method == "POST" and can_respond else None
    error_form = None
    forms: dict[int, ResponseForm] = {}
    for note in notes:
        if note.status != ReviewNote.Status.OPEN or not can_respond:
            continue
        bound = posted == str(note.pk)
        form = ResponseForm(request.POST if bound else None, prefix=f"n{note.pk}")
        forms[note.pk] = form
        if bound:
            if form.is_valid():
                try:
                    review.note_respond(
                        actor=request.user, note=note, response=form.cleaned_data["response"]
                    )
                except ValidationError as error:
                    apply_errors(form, error)
                else:
                    messages.success(request, f"Sent your answer on {note.answer.question.ref}")
                    return redirect("assessments:clarifications", submission.pk)
            error_form = form
    if request.method == "POST" and error_form is None:
        messages.error(request, "That question is no longer open")
    return render(
        request,
        "assessments/review/review_clarifications.html",
        {
            "page_title": "Questions from the quality team",
            "page_error": error_form is not None,
            "error_form": error_form,
            "submission": submission,
            "overview_url": overview_url(submission),
            "open_notes": [n for n in notes if n.status == ReviewNote.Status.OPEN],
            "done_notes": [n for n in notes if n.status != ReviewNote.Status.OPEN],
            "forms": forms,
            "can_respond": can_respond,
        },
    )

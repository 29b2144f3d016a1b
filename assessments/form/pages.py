"""What the form's pages share: the page itself, who may edit, and links to a domain page."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from accounts.http import SignedInRequest
from assessments.form import selectors, services
from assessments.models import AnswerValue, Submission
from assessments.permissions import contributes_to

if TYPE_CHECKING:
    from accounts.models import Viewer


def form_page(request: SignedInRequest, template: str, title: str, **context: Any) -> HttpResponse:
    context.setdefault("page_title", title)
    context.setdefault("answer_labels", dict(AnswerValue.choices))
    context.setdefault("question_label", services.question_label)
    return render(request, f"assessments/form/{template}.html", context)


def editable_by(user: Viewer, submission: Submission) -> bool:
    return submission.is_editable and contributes_to(user, submission)


def for_contributor(request: SignedInRequest, pk: int) -> Submission:
    """A submission the user contributes to; anyone else is told it does not exist."""
    submission = selectors.submission_get(request.user, pk)
    if not contributes_to(request.user, submission):
        raise Http404("Page not found")
    return submission


def locked_redirect(request: SignedInRequest, submission: Submission) -> HttpResponse | None:
    """Send people back to the overview once the submission can no longer change."""
    if submission.is_editable:
        return None
    messages.error(
        request,
        f"This self-assessment is {submission.get_status_display().lower()}: it can no longer "
        "be changed.",
    )
    return redirect("assessments:submission", submission.pk)


def domain_url(submission: Submission, number: int, anchor: str = "") -> str:
    url = reverse("assessments:form_domain", args=[submission.pk, number])
    return f"{url}#{anchor}" if anchor else url

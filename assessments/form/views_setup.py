"""Pages that prepare a submission: who answers each domain, and copying in last year's
answers."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect

from accounts.http import SignedInRequest
from assessments.form import assignments, previous, selectors
from assessments.form.forms import AssignmentForm, ConfirmForm
from assessments.form.pages import for_contributor, form_page, locked_redirect
from assessments.models import Domain
from assessments.permissions import can_use_self_assessment
from core.http import require
from core.views_forms import form_view, posted


@require(can_use_self_assessment)
def assign(request: SignedInRequest, pk: int) -> HttpResponse:
    submission = selectors.submission_get(request.user, pk)
    if not assignments.can_assign(request.user, submission):
        raise Http404("Page not found")
    if locked := locked_redirect(request, submission):
        return locked
    domains = list(
        Domain.objects.filter(version_id=submission.campaign.framework_version_id).order_by(
            "number"
        )
    )
    current: dict[int, list[int]] = {}
    for assignment in submission.assignments.all():
        current.setdefault(assignment.domain_id, []).append(assignment.user_id)
    form = AssignmentForm(
        posted(request),
        domains=domains,
        contributors=assignments.provider_contributors(submission),
        current=current,
    )
    return form_view(
        request,
        form,
        save=lambda: assignments.assignments_set(
            actor=request.user, submission=submission, assignments=form.assignments()
        ),
        done=lambda _: (
            "Who answers each domain has been saved",
            redirect("assessments:submission", submission.pk),
        ),
        page=lambda: form_page(
            request,
            "form_assign",
            "Assign domains",
            page_error=bool(form.errors),
            submission=submission,
            form=form,
        ),
    )


@require(can_use_self_assessment)
def copy_previous(request: SignedInRequest, pk: int) -> HttpResponse:
    submission = for_contributor(request, pk)
    if locked := locked_redirect(request, submission):
        return locked
    source = previous.previous_submission(submission)
    form = ConfirmForm(posted(request))
    problem = ""
    if request.method == "POST":
        try:
            filled = previous.answers_copy_previous(actor=request.user, submission=submission)
        except ValidationError as error:
            problem = " ".join(error.messages)
        else:
            messages.success(
                request,
                f"{filled} of last year's answers have been copied in. Check each one: "
                "answers you change are highlighted.",
            )
            return redirect("assessments:submission", submission.pk)
    return form_page(
        request,
        "form_copy",
        "Copy in last year's answers",
        page_error=bool(problem),
        problem=problem,
        submission=submission,
        source=source,
        form=form,
    )

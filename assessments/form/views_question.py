"""Pages of one question's actions and evidence files: add, change, remove, download."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect

from accounts.http import SignedInRequest
from assessments.form import evidence as evidence_files
from assessments.form import selectors, services
from assessments.form.forms import ActionForm, ConfirmForm, EvidenceForm
from assessments.form.pages import domain_url, for_contributor, form_page, locked_redirect
from assessments.models import Question, Submission
from assessments.permissions import can_use_self_assessment
from core.http import require
from core.views_forms import form_view, posted


def _action_page(
    request: SignedInRequest,
    submission: Submission,
    question: Question,
    form: ActionForm,
    *,
    save: Callable[[], Any],
    done: str,
    title: str,
    **context: Any,
) -> HttpResponse:
    """Adding and changing an action: the same form, back to the question when saved."""
    return form_view(
        request,
        form,
        save=save,
        done=lambda _: (
            done,
            redirect(domain_url(submission, question.domain.number, f"q{question.pk}")),
        ),
        page=lambda: form_page(
            request,
            "form_action",
            title,
            page_error=bool(form.errors),
            submission=submission,
            question=question,
            form=form,
            **context,
        ),
    )


@require(can_use_self_assessment)
def action_add(request: SignedInRequest, pk: int, question: int) -> HttpResponse:
    submission = for_contributor(request, pk)
    if locked := locked_redirect(request, submission):
        return locked
    the_question = selectors.question_get(submission, question)
    form = ActionForm(posted(request))
    return _action_page(
        request,
        submission,
        the_question,
        form,
        save=lambda: services.action_add(
            actor=request.user,
            submission=submission,
            question=the_question,
            data=form.action_input(),
        ),
        done="The action has been added",
        title="Add an action",
    )


@require(can_use_self_assessment)
def action_edit(request: SignedInRequest, pk: int, action: int) -> HttpResponse:
    submission = for_contributor(request, pk)
    if locked := locked_redirect(request, submission):
        return locked
    the_action = selectors.action_get(submission, action)
    initial = {
        "description": the_action.description,
        "owner": the_action.owner,
        "due_on": the_action.due_on,
    }
    form = ActionForm(posted(request), initial=initial)
    return _action_page(
        request,
        submission,
        the_action.answer.question,
        form,
        save=lambda: services.action_update(
            actor=request.user, action=the_action, data=form.action_input()
        ),
        done="The action has been changed",
        title="Change an action",
        action=the_action,
    )


@require(can_use_self_assessment)
def action_remove(request: SignedInRequest, pk: int, action: int) -> HttpResponse:
    submission = for_contributor(request, pk)
    if locked := locked_redirect(request, submission):
        return locked
    the_action = selectors.action_get(submission, action)
    question = the_action.answer.question
    back = domain_url(submission, question.domain.number, f"q{question.pk}")
    if request.method == "POST":
        try:
            services.action_remove(actor=request.user, action=the_action)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, "The action has been removed")
        return redirect(back)
    return form_page(
        request,
        "form_remove",
        "Remove this action?",
        submission=submission,
        question=question,
        thing=the_action.description,
        back=back,
        form=ConfirmForm(),
    )


# Evidence.
@require(can_use_self_assessment)
def evidence_add(request: SignedInRequest, pk: int, question: int) -> HttpResponse:
    submission = for_contributor(request, pk)
    if locked := locked_redirect(request, submission):
        return locked
    the_question = selectors.question_get(submission, question)
    form = EvidenceForm(posted(request), request.FILES or None)
    return form_view(
        request,
        form,
        save=lambda: evidence_files.evidence_add(
            actor=request.user,
            submission=submission,
            question=the_question,
            upload=form.cleaned_data["file"],
        ),
        done=lambda evidence: (
            f"{evidence.original_name} has been added",
            redirect(domain_url(submission, the_question.domain.number, f"q{the_question.pk}")),
        ),
        page=lambda: form_page(
            request,
            "form_evidence",
            "Add evidence",
            page_error=bool(form.errors),
            max_mb=evidence_files.evidence_max_bytes() // 1_048_576,
            submission=submission,
            question=the_question,
            form=form,
        ),
    )


@require(can_use_self_assessment)
def evidence_remove(request: SignedInRequest, pk: int, evidence: int) -> HttpResponse:
    submission = for_contributor(request, pk)
    if locked := locked_redirect(request, submission):
        return locked
    the_evidence = selectors.evidence_for(request.user, evidence)
    if the_evidence.answer.submission_id != submission.pk:
        raise Http404("Page not found")
    question = the_evidence.answer.question
    back = domain_url(submission, question.domain.number, f"q{question.pk}")
    if request.method == "POST":
        try:
            evidence_files.evidence_remove(actor=request.user, evidence=the_evidence)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, f"{the_evidence.original_name} has been removed")
        return redirect(back)
    return form_page(
        request,
        "form_remove",
        "Remove this evidence?",
        submission=submission,
        question=question,
        thing=the_evidence.original_name,
        back=back,
        form=ConfirmForm(),
    )


@require(can_use_self_assessment)
def evidence_download(request: SignedInRequest, pk: int) -> HttpResponseBase:
    """Serve an evidence file to those who may see its submission, always as a download."""
    evidence = selectors.evidence_for(request.user, pk)
    try:
        handle = evidence.file.open("rb")
    except FileNotFoundError:
        raise Http404("The file is missing") from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=evidence.original_name,
        content_type=evidence.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response

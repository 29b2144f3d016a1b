"""The self-assessment form: overview, domain pages, autosave, actions, evidence, check answers.

Everyone in the self-assessment sees the submissions they may see (read-only); the provider's
contributors change them while they are editable. Every page works without JavaScript;
``static/assessments/form.mjs`` adds saving each answer as it is given.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.http import require_POST

from assessments.form import selectors, services
from assessments.form.forms import (
    ActionForm,
    AnswerForm,
    AssignmentForm,
    ConfirmForm,
    EvidenceForm,
    answer_forms,
)
from assessments.models import AnswerValue, Domain, Submission
from assessments.permissions import can_use_self_assessment, contributes_to
from core.forms_render import error_summary_items
from core.http import require
from core.views_forms import form_view, posted


def _page(request: HttpRequest, template: str, title: str, **context: Any) -> HttpResponse:
    context.setdefault("page_title", title)
    context.setdefault("answer_labels", dict(AnswerValue.choices))
    context.setdefault("question_label", services.question_label)
    return render(request, f"assessments/form/{template}.html", context)


def _can_edit(user: Any, submission: Submission) -> bool:
    return submission.is_editable and contributes_to(user, submission)


def _for_contributor(request: HttpRequest, pk: int) -> Submission:
    """A submission the user contributes to; anyone else is told it does not exist."""
    submission = selectors.submission_get(request.user, pk)
    if not contributes_to(request.user, submission):
        raise Http404("Page not found")
    return submission


def _locked(request: HttpRequest, submission: Submission) -> HttpResponse | None:
    """Send people back to the overview once the submission can no longer change."""
    if submission.is_editable:
        return None
    messages.error(
        request,
        f"This self-assessment is {submission.get_status_display().lower()}: it can no longer "
        "be changed.",
    )
    return redirect("assessments:submission", submission.pk)


def _url_or_none(name: str, *args: Any) -> str | None:
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


def _domain_url(submission: Submission, number: int, anchor: str = "") -> str:
    url = reverse("assessments:form_domain", args=[submission.pk, number])
    return f"{url}#{anchor}" if anchor else url


@require(can_use_self_assessment)
def submission_detail(request: HttpRequest, pk: int) -> HttpResponse:
    submission = selectors.submission_get(request.user, pk)
    progress = selectors.domain_progress(submission)
    can_edit = _can_edit(request.user, submission)
    return _page(
        request,
        "submission",
        f"Self-assessment: {submission.organisation.name}",
        submission=submission,
        progress=progress,
        total=sum(row.total for row in progress),
        answered=sum(row.answered for row in progress),
        can_edit=can_edit,
        can_assign=submission.is_editable and services.can_assign(request.user, submission),
        can_copy=can_edit and services.has_previous(submission),
    )


@require(can_use_self_assessment)
def form_domain(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    submission = selectors.submission_get(request.user, pk)
    domain = selectors.domain_get(submission, number)
    rows = selectors.domain_rows(submission, domain)
    can_edit = _can_edit(request.user, submission)
    forms = answer_forms(rows) if can_edit else []
    if request.method == "POST":
        if not contributes_to(request.user, submission):
            raise Http404("Page not found")
        if locked := _locked(request, submission):
            return locked
        data = request.POST.copy()  # mutable: a conflict moves the revision on
        forms = answer_forms(rows, data)
        if _save_all(request, submission, forms, data):
            messages.success(request, "Your answers have been saved")
            return redirect(_after_save(submission, domain, data.get("then", "")))
    slots: list[AnswerForm | None] = list(forms) if forms else [None] * len(rows)
    before, after = selectors.domain_neighbours(submission, domain)
    errors = [item for form in forms for item in error_summary_items(form)]
    return _page(
        request,
        "form_domain",
        f"Domain {domain.number}: {domain.title}",
        page_error=bool(errors),
        submission=submission,
        domain=domain,
        rows=list(zip(rows, slots, strict=True)),
        errors=errors,
        can_edit=can_edit,
        before=before,
        after=after,
        answered=sum(1 for row in rows if row.answer.value),
    )


def _save_all(
    request: HttpRequest, submission: Submission, forms: list[AnswerForm], data: Any
) -> bool:
    """Save each changed answer on the page; each is saved or refused on its own. True when
    every answer on the page was saved."""
    ok = True
    for form in forms:
        if not form.is_valid():
            ok = False
            continue
        if not form.changed_answer():
            continue
        try:
            services.answer_save(
                actor=request.user,
                submission=submission,
                question=form.question,
                value=form.cleaned_data["value"] or "",
                comment=form.cleaned_data["comment"] or "",
                revision=form.cleaned_data["revision"],
            )
        except services.AnswerConflict as conflict:
            ok = False
            form.conflict = conflict  # type: ignore[attr-defined]
            form.add_error(
                "value", f"Question {services.question_label(form.question)}: {conflict}"
            )
            # Saving again replaces their version with yours, knowingly.
            data[f"{form.prefix}-revision"] = str(conflict.theirs["revision"])
        except ValidationError as error:
            ok = False
            form.apply_errors(error)
    return ok


def _after_save(submission: Submission, domain: Domain, then: str) -> str:
    """Where "Save and continue" and the add-action and add-evidence buttons lead."""
    kind, _, question = then.partition(":")
    if kind in {"action", "evidence"} and question.isdigit():
        name = "assessments:action_add" if kind == "action" else "assessments:evidence_add"
        return reverse(name, args=[submission.pk, int(question)])
    if kind == "stay":
        return _domain_url(submission, domain.number)
    after = selectors.domain_neighbours(submission, domain)[1]
    if after is not None:
        return _domain_url(submission, after)
    return reverse("assessments:check_answers", args=[submission.pk])


@require(can_use_self_assessment)
@require_POST
def answer_autosave(request: HttpRequest, pk: int) -> HttpResponse:
    """Save one answer as it is given (the script's endpoint): the new revision, or a 409 with
    both versions when someone else saved it first."""
    submission = _for_contributor(request, pk)
    try:
        question_id = int(request.POST.get("question", ""))
        revision = int(request.POST.get("revision", ""))
    except ValueError:
        return JsonResponse(
            {"message": "The answer was not sent properly: reload the page"}, status=400
        )
    question = selectors.question_get(submission, question_id)
    try:
        answer = services.answer_save(
            actor=request.user,
            submission=submission,
            question=question,
            value=request.POST.get("value", ""),
            comment=request.POST.get("comment", ""),
            revision=revision,
        )
    except services.AnswerConflict as conflict:
        labels = dict(AnswerValue.choices)
        return JsonResponse(
            {
                "message": str(conflict),
                "mine": conflict.mine | {"label": labels.get(conflict.mine["value"], "No answer")},
                "theirs": conflict.theirs
                | {"label": labels.get(str(conflict.theirs["value"]), "No answer")},
            },
            status=409,
        )
    except ValidationError as error:
        return JsonResponse({"message": " ".join(error.messages)}, status=400)
    return JsonResponse(
        {"revision": answer.revision, "answered": submission.answered_count}, status=200
    )


@require(can_use_self_assessment)
def check_answers(request: HttpRequest, pk: int) -> HttpResponse:
    submission = selectors.submission_get(request.user, pk)
    missing = services.submission_missing(submission)
    anchors = {"answer": "value", "comment": "comment", "action": "actions"}
    items = [
        {
            "text": item.message,
            "href": _domain_url(
                submission,
                item.question.domain.number,
                f"id_q{item.question.pk}-{anchors[item.kind]}",
            ),
            "domain": item.question.domain,
        }
        for item in missing
    ]
    return _page(
        request,
        "check_answers",
        "Check your answers",
        submission=submission,
        items=items,
        send_url=_url_or_none("assessments:send", submission.pk),
        can_edit=_can_edit(request.user, submission),
    )


# Actions.
def _action_page(
    request: HttpRequest,
    submission: Submission,
    question: Any,
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
            redirect(_domain_url(submission, question.domain.number, f"q{question.pk}")),
        ),
        page=lambda: _page(
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
def action_add(request: HttpRequest, pk: int, question: int) -> HttpResponse:
    submission = _for_contributor(request, pk)
    if locked := _locked(request, submission):
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
def action_edit(request: HttpRequest, pk: int, action: int) -> HttpResponse:
    submission = _for_contributor(request, pk)
    if locked := _locked(request, submission):
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
def action_remove(request: HttpRequest, pk: int, action: int) -> HttpResponse:
    submission = _for_contributor(request, pk)
    if locked := _locked(request, submission):
        return locked
    the_action = selectors.action_get(submission, action)
    question = the_action.answer.question
    back = _domain_url(submission, question.domain.number, f"q{question.pk}")
    if request.method == "POST":
        try:
            services.action_remove(actor=request.user, action=the_action)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, "The action has been removed")
        return redirect(back)
    return _page(
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
def evidence_add(request: HttpRequest, pk: int, question: int) -> HttpResponse:
    submission = _for_contributor(request, pk)
    if locked := _locked(request, submission):
        return locked
    the_question = selectors.question_get(submission, question)
    form = EvidenceForm(posted(request), request.FILES or None)
    return form_view(
        request,
        form,
        save=lambda: services.evidence_add(
            actor=request.user,
            submission=submission,
            question=the_question,
            upload=form.cleaned_data["file"],
        ),
        done=lambda evidence: (
            f"{evidence.original_name} has been added",
            redirect(_domain_url(submission, the_question.domain.number, f"q{the_question.pk}")),
        ),
        page=lambda: _page(
            request,
            "form_evidence",
            "Add evidence",
            page_error=bool(form.errors),
            max_mb=services.evidence_max_bytes() // 1_048_576,
            submission=submission,
            question=the_question,
            form=form,
        ),
    )


@require(can_use_self_assessment)
def evidence_remove(request: HttpRequest, pk: int, evidence: int) -> HttpResponse:
    submission = _for_contributor(request, pk)
    if locked := _locked(request, submission):
        return locked
    the_evidence = selectors.evidence_for(request.user, evidence)
    if the_evidence.answer.submission_id != submission.pk:
        raise Http404("Page not found")
    question = the_evidence.answer.question
    back = _domain_url(submission, question.domain.number, f"q{question.pk}")
    if request.method == "POST":
        try:
            services.evidence_remove(actor=request.user, evidence=the_evidence)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, f"{the_evidence.original_name} has been removed")
        return redirect(back)
    return _page(
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
def evidence_download(request: HttpRequest, pk: int) -> HttpResponseBase:
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


# Domain assignments and last year's answers.
@require(can_use_self_assessment)
def assign(request: HttpRequest, pk: int) -> HttpResponse:
    submission = selectors.submission_get(request.user, pk)
    if not services.can_assign(request.user, submission):
        raise Http404("Page not found")
    if locked := _locked(request, submission):
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
        contributors=services.provider_contributors(submission),
        current=current,
    )
    return form_view(
        request,
        form,
        save=lambda: services.assignments_set(
            actor=request.user, submission=submission, assignments=form.assignments()
        ),
        done=lambda _: (
            "Who answers each domain has been saved",
            redirect("assessments:submission", submission.pk),
        ),
        page=lambda: _page(
            request,
            "form_assign",
            "Assign domains",
            page_error=bool(form.errors),
            submission=submission,
            form=form,
        ),
    )


@require(can_use_self_assessment)
def copy_previous(request: HttpRequest, pk: int) -> HttpResponse:
    submission = _for_contributor(request, pk)
    if locked := _locked(request, submission):
        return locked
    source = services.previous_submission(submission)
    form = ConfirmForm(posted(request))
    problem = ""
    if request.method == "POST":
        try:
            filled = services.answers_copy_previous(actor=request.user, submission=submission)
        except ValidationError as error:
            problem = " ".join(error.messages)
        else:
            messages.success(
                request,
                f"{filled} of last year's answers have been copied in. Check each one: "
                "answers you change are highlighted.",
            )
            return redirect("assessments:submission", submission.pk)
    return _page(
        request,
        "form_copy",
        "Copy in last year's answers",
        page_error=bool(problem),
        problem=problem,
        submission=submission,
        source=source,
        form=form,
    )

"""The self-assessment form: overview, domain pages, autosave and check answers.

Everyone in the self-assessment sees the submissions they may see (read-only); the provider's
contributors change them while they are editable. Every page works without JavaScript;
``static/assessments/form.mjs`` adds saving each answer as it is given.
"""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import NoReverseMatch, reverse
from django.views.decorators.http import require_POST

from accounts.http import SignedInRequest
from assessments.form import assignments, previous, selectors, services
from assessments.form.forms import AnswerForm, answer_forms
from assessments.form.missing import submission_missing
from assessments.form.pages import (
    domain_url,
    editable_by,
    for_contributor,
    form_page,
    locked_redirect,
)
from assessments.models import AnswerValue, Domain, Submission
from assessments.permissions import can_use_self_assessment, contributes_to
from core.forms_render import error_summary_items
from core.http import require


def _url_or_none(name: str, *args: Any) -> str | None:
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


@require(can_use_self_assessment)
def submission_detail(request: SignedInRequest, pk: int) -> HttpResponse:
    submission = selectors.submission_get(request.user, pk)
    progress = selectors.domain_progress(submission)
    can_edit = editable_by(request.user, submission)
    return form_page(
        request,
        "submission",
        f"Self-assessment: {submission.organisation.name}",
        submission=submission,
        progress=progress,
        total=sum(row.total for row in progress),
        answered=sum(row.answered for row in progress),
        can_edit=can_edit,
        can_assign=submission.is_editable and assignments.can_assign(request.user, submission),
        can_copy=can_edit and previous.has_previous(submission),
    )


@require(can_use_self_assessment)
def form_domain(request: SignedInRequest, pk: int, number: int) -> HttpResponse:
    submission = selectors.submission_get(request.user, pk)
    domain = selectors.domain_get(submission, number)
    rows = selectors.domain_rows(submission, domain)
    can_edit = editable_by(request.user, submission)
    forms = answer_forms(rows) if can_edit else []
    if request.method == "POST":
        if not contributes_to(request.user, submission):
            raise Http404("Page not found")
        if locked := locked_redirect(request, submission):
            return locked
        data = request.POST.copy()  # mutable: a conflict moves the revision on
        forms = answer_forms(rows, data)
        if _save_all(request, submission, forms, data):
            messages.success(request, "Your answers have been saved")
            return redirect(_after_save(submission, domain, data.get("then", "")))
    slots: list[AnswerForm | None] = list(forms) if forms else [None] * len(rows)
    before, after = selectors.domain_neighbours(submission, domain)
    errors = [item for form in forms for item in error_summary_items(form)]
    return form_page(
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
    request: SignedInRequest, submission: Submission, forms: list[AnswerForm], data: Any
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
            form.conflict = conflict
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
        return domain_url(submission, domain.number)
    after = selectors.domain_neighbours(submission, domain)[1]
    if after is not None:
        return domain_url(submission, after)
    return reverse("assessments:check_answers", args=[submission.pk])


@require(can_use_self_assessment)
@require_POST
def answer_autosave(request: SignedInRequest, pk: int) -> HttpResponse:
    """Save one answer as it is given (the script's endpoint): the new revision, or a 409 with
    both versions when someone else saved it first."""
    submission = for_contributor(request, pk)
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
def check_answers(request: SignedInRequest, pk: int) -> HttpResponse:
    submission = selectors.submission_get(request.user, pk)
    missing = submission_missing(submission)
    anchors = {"answer": "value", "comment": "comment", "action": "actions"}
    items = [
        {
            "text": item.message,
            "href": domain_url(
                submission,
                item.question.domain.number,
                f"id_q{item.question.pk}-{anchors[item.kind]}",
            ),
            "domain": item.question.domain,
        }
        for item in missing
    ]
    return form_page(
        request,
        "check_answers",
        "Check your answers",
        submission=submission,
        items=items,
        send_url=_url_or_none("assessments:send", submission.pk),
        can_edit=editable_by(request.user, submission),
    )

"""Pages of sign-off: send to the signatory, sign or return, history, verify, reopen."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse

from accounts.http import SignedInRequest
from assessments.models import EDITABLE, Submission, SubmissionStatus
from assessments.permissions import can_use_self_assessment, contributes_to, reviews, signs_for
from assessments.selectors import submission_get
from assessments.signoff import selectors
from assessments.signoff import services as signoff
from assessments.signoff.forms import ReopenForm, ReturnForm, SendForm, SignForm, VerifyForm
from assessments.signoff.summary import record_of, summary_of
from assessments.views import apply_errors, overview_url
from core.http import require


def check_answers_url(submission: Submission) -> str:
    try:
        return reverse("assessments:check_answers", args=[submission.pk])
    except NoReverseMatch:
        return overview_url(submission)


def _page(
    request: HttpRequest, template: str, submission: Submission, **context: Any
) -> HttpResponse:
    return render(
        request,
        f"assessments/signoff/{template}.html",
        {
            "submission": submission,
            "overview_url": overview_url(submission),
            # A blocked step shows no form, so no error either.
            "page_error": not context.get("blocked")
            and any(value.errors for value in context.values() if isinstance(value, Form)),
            **context,
        },
    )


@require(can_use_self_assessment)
def send(request: SignedInRequest, pk: int) -> HttpResponse:
    submission = submission_get(request.user, pk)
    if not contributes_to(request.user, submission):
        raise Http404("Page not found")
    executives = signoff.executives_of(submission.organisation_id)
    form = SendForm(request.POST if request.method == "POST" else None, executives=executives)
    blocked = ""
    missing: list[str] = []
    if submission.status not in EDITABLE:
        blocked = (
            f"This self-assessment is {submission.get_status_display().lower()}, so it cannot "
            "be sent for sign-off now."
        )
    else:
        missing = signoff.describe_missing(signoff.missing_for(submission))
        if missing:
            count = len(missing)
            blocked = (
                f"It cannot be sent for sign-off yet: {count} thing{'s' if count != 1 else ''} "
                "must be done first."
            )
        elif not executives:
            blocked = (
                f"{submission.organisation.name} has no executive signatory in this service. "
                "Ask your organisation's administrator or the quality team to add one."
            )
    if request.method == "POST" and not blocked and form.is_valid():
        chosen = next(p for p in executives if p.pk == form.cleaned_data["signatory"])
        try:
            signoff.submission_send(actor=request.user, submission=submission, signatory=chosen)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, f"Sent to {chosen.full_name} for sign-off")
            return redirect(overview_url(submission))
    return _page(
        request,
        "signoff_send",
        submission,
        page_title="Send for sign-off",
        form=form,
        blocked=blocked,
        missing=missing,
        check_answers_url=check_answers_url(submission),
    )


@require(can_use_self_assessment)
def sign(request: SignedInRequest, pk: int) -> HttpResponse:
    """The executive's one page: everything to be signed, its hash, sign or return."""
    submission = submission_get(request.user, pk)
    if not signs_for(request.user, submission):
        raise Http404("Page not found")
    action = request.POST.get("action") if request.method == "POST" else None
    sign_form = SignForm(request.POST if action == "sign" else None)
    return_form = ReturnForm(request.POST if action == "return" else None)
    ready = submission.status == SubmissionStatus.WITH_SIGNATORY
    if ready and action == "sign" and sign_form.is_valid():
        try:
            sign_off = signoff.submission_sign_off(
                actor=request.user,
                submission=submission,
                declaration=signoff.DECLARATION,
                seen_hash=sign_form.cleaned_data["seen_hash"],
            )
        except ValidationError as error:
            apply_errors(sign_form, error)
        else:
            messages.success(
                request, f"Signed off and submitted. The content hash is {sign_off.sha256}"
            )
            return redirect("assessments:history", submission.pk)
    if ready and action == "return" and return_form.is_valid():
        try:
            signoff.submission_return(
                actor=request.user,
                submission=submission,
                comment=return_form.cleaned_data["comment"],
            )
        except ValidationError as error:
            apply_errors(return_form, error)
        else:
            messages.success(request, "Returned to the contributors with your comment")
            return redirect("assessments:history", submission.pk)
    snapshot = signoff.snapshot_of(submission)
    sha256 = signoff.content_hash(snapshot)
    return _page(
        request,
        "signoff_sign",
        submission,
        page_title="Review and sign off",
        ready=ready,
        snapshot=snapshot,
        summary=summary_of(submission, snapshot),
        sha256=sha256,
        declaration=signoff.DECLARATION,
        sign_form=sign_form,
        return_form=return_form,
    )


@require(can_use_self_assessment)
def history(request: SignedInRequest, pk: int) -> HttpResponse:
    submission = submission_get(request.user, pk)
    sign_offs = [
        {"sign_off": item, "verified": signoff.signoff_verify(item)}
        for item in selectors.sign_offs(submission)
    ]
    return _page(
        request,
        "history",
        submission,
        page_title="History of the self-assessment",
        events=selectors.events(submission),
        sign_offs=sign_offs,
        can_reopen=reviews(request.user, submission)
        and submission.status == SubmissionStatus.SUBMITTED,
    )


@require(can_use_self_assessment)
def signed_version(request: SignedInRequest, pk: int, version: int) -> HttpResponse:
    """Exactly what was signed in one version, read from the frozen snapshot."""
    submission = submission_get(request.user, pk)
    sign_off = next((s for s in selectors.sign_offs(submission) if s.version == version), None)
    if sign_off is None:
        raise Http404("Page not found")
    return _page(
        request,
        "signoff_version",
        submission,
        page_title=f"Version {version} as signed",
        sign_off=sign_off,
        snapshot=sign_off.snapshot,
        record=record_of(sign_off.snapshot) if isinstance(sign_off.snapshot, dict) else [],
        verified=signoff.signoff_verify(sign_off),
    )


@require(can_use_self_assessment)
def verify(request: SignedInRequest, pk: int) -> HttpResponse:
    """Recompute every sign-off's hash; optionally compare a hash someone was given."""
    submission = submission_get(request.user, pk)
    form = VerifyForm(request.GET or None)
    results: list[dict[str, Any]] = [
        {
            "sign_off": item,
            "verified": signoff.signoff_verify(item),
            "recomputed": signoff.content_hash(item.snapshot)
            if isinstance(item.snapshot, dict)
            else "",
        }
        for item in selectors.sign_offs(submission)
    ]
    given = ""
    match = None
    if form.is_bound and form.is_valid() and form.cleaned_data["sha256"]:
        given = form.cleaned_data["sha256"].strip().lower()
        match = next((r for r in results if r["sign_off"].sha256 == given), None)
    return _page(
        request,
        "signoff_verify",
        submission,
        page_title="Check a sign-off",
        form=form,
        results=results,
        given=given,
        match=match,
    )


@require(can_use_self_assessment)
def reopen(request: SignedInRequest, pk: int) -> HttpResponse:
    submission = submission_get(request.user, pk)
    if not reviews(request.user, submission):
        raise Http404("Page not found")
    form = ReopenForm(request.POST if request.method == "POST" else None)
    blocked = ""
    if submission.status != SubmissionStatus.SUBMITTED:
        blocked = (
            f"This self-assessment is {submission.get_status_display().lower()}: only a "
            "submitted self-assessment can be reopened."
        )
    if request.method == "POST" and not blocked and form.is_valid():
        try:
            signoff.submission_reopen(
                actor=request.user, submission=submission, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, f"Reopened as version {submission.version}")
            return redirect("assessments:history", submission.pk)
    return _page(
        request,
        "signoff_reopen",
        submission,
        page_title="Reopen the self-assessment",
        form=form,
        blocked=blocked,
    )

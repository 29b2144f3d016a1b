"""Framework pages: every self-assessment person may read a version; administrators clone
it and change a version that no campaign uses yet."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from django.http import HttpResponse
from django.shortcuts import redirect, render

from accounts.http import SignedInRequest
from assessments.framework import selectors, services
from assessments.framework.export import framework_export
from assessments.framework.forms import (
    DomainForm,
    QuestionForm,
    StandardForm,
    VersionCloneForm,
    VersionEditForm,
)
from assessments.models import FrameworkVersion
from assessments.permissions import can_manage_framework, can_use_self_assessment
from core.http import require
from core.views_forms import confirm_view, form_view, posted


def _page(
    request: SignedInRequest, template: str, title: str, *, form: Any = None, **context: Any
) -> HttpResponse:
    context.update(
        page_title=title,
        form=form,
        page_error=context.get("page_error") or bool(form is not None and form.errors),
    )
    return render(request, f"assessments/framework/{template}.html", context)


def _frozen(request: SignedInRequest, version: FrameworkVersion, title: str) -> HttpResponse:
    return _page(
        request,
        "framework_frozen",
        title,
        version=version,
        reason=services.frozen_reason(version),
    )


def _change(
    request: SignedInRequest,
    version: selectors.ListedVersion,
    title: str,
    template: str,
    *,
    form: Callable[[], Any],
    save: Callable[[Any], Any],
    done: Callable[[Any], tuple[str, HttpResponse]],
    **context: Any,
) -> HttpResponse:
    """A form page that changes part of ``version``: refused while the version is frozen.
    ``form`` builds the form, ``save(form)`` calls the service, ``done(result)`` says what
    happened and where to go."""
    if version.frozen:
        return _frozen(request, version, title)
    built = form()
    return form_view(
        request,
        built,
        save=lambda: save(built),
        done=done,
        page=lambda: _page(request, template, title, form=built, version=version, **context),
    )


def _detail(version: FrameworkVersion, anchor: str = "") -> HttpResponse:
    response = redirect("assessments:framework_detail", version.code)
    if anchor:
        response["Location"] += f"#{anchor}"
    return response


@require(can_use_self_assessment)
def framework_list(request: SignedInRequest) -> HttpResponse:
    return _page(
        request,
        "framework_list",
        "Quality framework versions",
        versions=list(selectors.versions_for(request.user)),
        can_manage=can_manage_framework(request.user),
    )


@require(can_use_self_assessment)
def framework_detail(request: SignedInRequest, code: str) -> HttpResponse:
    version = selectors.version_get(request.user, code)
    tree = selectors.version_tree(version)
    return _page(
        request,
        "framework_detail",
        f"Quality framework {version.code}",
        version=version,
        tree=tree,
        campaigns=selectors.version_campaigns(version),
        frozen=version.frozen,
        can_manage=can_manage_framework(request.user),
    )


@require(can_use_self_assessment)
def framework_mapping(request: SignedInRequest, code: str) -> HttpResponse:
    version = selectors.version_get(request.user, code)
    tree = selectors.version_tree(version)
    return _page(
        request,
        "framework_mapping",
        f"How {version.code} maps to earlier versions",
        version=version,
        tree=tree,
        unmatched=selectors.unmatched_earlier(version, tree),
        frozen=version.frozen,
        can_manage=can_manage_framework(request.user),
    )


@require(can_use_self_assessment)
def framework_download(request: SignedInRequest, code: str) -> HttpResponse:
    """The version as a data file that ``load_framework`` reads."""
    version = selectors.version_get(request.user, code)
    body = json.dumps(framework_export(version), indent=2, ensure_ascii=False)
    response = HttpResponse(body + "\n", content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{version.code.lower()}.json"'
    return response


@require(can_manage_framework)
def framework_clone(request: SignedInRequest, code: str) -> HttpResponse:
    source = selectors.version_get(request.user, code)
    form = VersionCloneForm(posted(request))
    return form_view(
        request,
        form,
        save=lambda: services.framework_clone(
            actor=request.user,
            source=source,
            code=form.cleaned_data["code"],
            name=form.cleaned_data["name"],
        ),
        done=lambda created: (
            f"{created.code} has been created as a copy of {source.code}",
            _detail(created),
        ),
        page=lambda: _page(
            request, "framework_clone", f"Clone {source.code}", form=form, version=source
        ),
    )


@require(can_manage_framework)
def framework_edit(request: SignedInRequest, code: str) -> HttpResponse:
    version = selectors.version_get(request.user, code)
    return _change(
        request,
        version,
        f"Change the name and description of {version.code}",
        "framework_edit",
        form=lambda: VersionEditForm(
            posted(request),
            initial={"name": version.name, "description": version.description},
        ),
        save=lambda form: services.framework_update(
            actor=request.user, version=version, **form.cleaned_data
        ),
        done=lambda _: ("The name and description have been saved", _detail(version)),
    )


@require(can_manage_framework)
def framework_domain_add(request: SignedInRequest, code: str) -> HttpResponse:
    version = selectors.version_get(request.user, code)
    return _change(
        request,
        version,
        f"Add a domain to {version.code}",
        "framework_domain_form",
        form=lambda: DomainForm(posted(request)),
        save=lambda form: services.domain_add(
            actor=request.user, version=version, **form.cleaned_data
        ),
        done=lambda added: (
            f"Domain {added.number} has been added",
            _detail(version, added.ref),
        ),
    )


@require(can_manage_framework)
def framework_domain_edit(request: SignedInRequest, ref: str) -> HttpResponse:
    domain = selectors.domain_get(request.user, ref)
    version = selectors.version_of(domain)
    return _change(
        request,
        version,
        f"Change domain {domain.ref}",
        "framework_domain_form",
        form=lambda: DomainForm(
            posted(request),
            initial={"title": domain.title, "description": domain.description},
        ),
        save=lambda form: services.domain_update(
            actor=request.user, domain=domain, **form.cleaned_data
        ),
        done=lambda _: (f"Domain {domain.ref} has been saved", _detail(version, domain.ref)),
        domain=domain,
    )


@require(can_manage_framework)
def framework_standard_add(request: SignedInRequest, ref: str) -> HttpResponse:
    domain = selectors.domain_get(request.user, ref)
    version = selectors.version_of(domain)
    return _change(
        request,
        version,
        f"Add a standard to domain {domain.ref}",
        "framework_standard_form",
        form=lambda: StandardForm(posted(request), choices=selectors.standard_choices(version)),
        save=lambda form: services.standard_add(
            actor=request.user, domain=domain, **form.cleaned_data
        ),
        done=lambda added: (
            f"Standard {added.ref} has been added",
            _detail(version, added.ref),
        ),
        domain=domain,
    )


@require(can_manage_framework)
def framework_standard_edit(request: SignedInRequest, ref: str) -> HttpResponse:
    standard = selectors.standard_get(request.user, ref)
    version = selectors.version_of(standard)
    return _change(
        request,
        version,
        f"Change standard {standard.ref}",
        "framework_standard_form",
        form=lambda: StandardForm(
            posted(request),
            choices=selectors.standard_choices(version),
            initial={
                "title": standard.title,
                "description": standard.description,
                "previous": standard.previous_id,
            },
        ),
        save=lambda form: services.standard_update(
            actor=request.user, standard=standard, **form.cleaned_data
        ),
        done=lambda _: (
            f"Standard {standard.ref} has been saved",
            _next_or_detail(request, version, standard.ref),
        ),
        domain=standard.domain,
        standard=standard,
        next_page=_next_page(request),
    )


@require(can_manage_framework)
def framework_question_add(request: SignedInRequest, ref: str) -> HttpResponse:
    standard = selectors.standard_get(request.user, ref)
    version = selectors.version_of(standard)
    return _change(
        request,
        version,
        f"Add a question to standard {standard.ref}",
        "framework_question_form",
        form=lambda: QuestionForm(
            posted(request),
            choices=selectors.question_choices(version),
            initial=QuestionForm.initial_for(None),
        ),
        save=lambda form: services.question_add(
            actor=request.user, standard=standard, settings=form.settings()
        ),
        done=lambda added: (
            f"Question {added.ref} has been added",
            _detail(version, added.ref),
        ),
        standard=standard,
    )


@require(can_manage_framework)
def framework_question_edit(request: SignedInRequest, ref: str) -> HttpResponse:
    question = selectors.question_get(request.user, ref)
    version = selectors.version_of(question)
    return _change(
        request,
        version,
        f"Change question {question.ref}",
        "framework_question_form",
        form=lambda: QuestionForm(
            posted(request),
            choices=selectors.question_choices(version),
            initial=QuestionForm.initial_for(question),
        ),
        save=lambda form: services.question_update(
            actor=request.user, question=question, settings=form.settings()
        ),
        done=lambda _: (
            f"Question {question.ref} has been saved",
            _next_or_detail(request, version, question.ref),
        ),
        standard=question.standard,
        question=question,
        next_page=_next_page(request),
    )


REMOVALS: dict[str, tuple[Callable[[Any, str], Any], Callable[..., None], str]] = {
    "domain": (selectors.domain_get, services.domain_remove, "domain"),
    "standard": (selectors.standard_get, services.standard_remove, "standard"),
    "question": (selectors.question_get, services.question_remove, "question"),
}


def _remove(request: SignedInRequest, kind: str, ref: str) -> HttpResponse:
    get, remove, noun = REMOVALS[kind]
    record = get(request.user, ref)
    version = selectors.version_of(record)
    title = f"Remove {noun} {record.ref}"
    if version.frozen:
        return _frozen(request, version, title)
    return confirm_view(
        request,
        act=lambda: remove(actor=request.user, **{kind: record}),
        done=lambda _: (f"{noun.capitalize()} {ref} has been removed", _detail(version)),
        page=lambda **errors: _page(
            request,
            "framework_remove",
            title,
            version=version,
            record=record,
            kind=kind,
            contents=selectors.removal_contents(record),
            **errors,
        ),
    )


@require(can_manage_framework)
def framework_domain_remove(request: SignedInRequest, ref: str) -> HttpResponse:
    return _remove(request, "domain", ref)


@require(can_manage_framework)
def framework_standard_remove(request: SignedInRequest, ref: str) -> HttpResponse:
    return _remove(request, "standard", ref)


@require(can_manage_framework)
def framework_question_remove(request: SignedInRequest, ref: str) -> HttpResponse:
    return _remove(request, "question", ref)


def _next_page(request: SignedInRequest) -> str:
    """Where to go after saving: back to the mapping page when the change came from there."""
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    return "mapping" if wanted == "mapping" else ""


def _next_or_detail(request: SignedInRequest, version: FrameworkVersion, ref: str) -> HttpResponse:
    if _next_page(request) == "mapping":
        response = redirect("assessments:framework_mapping", version.code)
        response["Location"] += f"#{ref}"
        return response
    return _detail(version, ref)

"""Framework pages: every self-assessment person may read a version; administrators clone
it and change a version that no campaign uses yet."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from assessments import selectors_framework as selectors
from assessments import services_framework as services
from assessments.forms_framework import (
    DomainForm,
    QuestionForm,
    StandardForm,
    VersionCloneForm,
    VersionEditForm,
)
from assessments.models import Domain, FrameworkVersion, Question, Standard
from assessments.permissions import can_manage_framework, can_use_self_assessment
from core.http import require


def _page(
    request: HttpRequest, template: str, title: str, *, form: Any = None, **context: Any
) -> HttpResponse:
    context.update(
        page_title=title,
        form=form,
        page_error=context.get("page_error") or bool(form is not None and form.errors),
    )
    return render(request, f"assessments/{template}.html", context)


def _frozen(request: HttpRequest, version: FrameworkVersion, title: str) -> HttpResponse:
    return _page(
        request,
        "framework_frozen",
        title,
        version=version,
        reason=services.frozen_reason(version),
    )


def _apply(form: Any, change: Callable[[], Any]) -> bool:
    """Run a service call, putting its refusal on the form; True when it succeeded."""
    try:
        change()
    except ValidationError as error:
        form.apply_errors(error)
        return False
    return True


def _detail(version: FrameworkVersion, anchor: str = "") -> HttpResponse:
    response = redirect("assessments:framework_detail", version.code)
    if anchor:
        response["Location"] += f"#{anchor}"
    return response


@require(can_use_self_assessment)
def framework_list(request: HttpRequest) -> HttpResponse:
    return _page(
        request,
        "framework_list",
        "Quality framework versions",
        versions=list(selectors.versions_for(request.user)),
        can_manage=can_manage_framework(request.user),
    )


@require(can_use_self_assessment)
def framework_detail(request: HttpRequest, code: str) -> HttpResponse:
    version = selectors.version_get(request.user, code)
    tree = selectors.version_tree(version)
    return _page(
        request,
        "framework_detail",
        f"Quality framework {version.code}",
        version=version,
        tree=tree,
        campaigns=selectors.version_campaigns(version),
        frozen=version.frozen,  # type: ignore[attr-defined]
        can_manage=can_manage_framework(request.user),
    )


@require(can_use_self_assessment)
def framework_mapping(request: HttpRequest, code: str) -> HttpResponse:
    version = selectors.version_get(request.user, code)
    tree = selectors.version_tree(version)
    return _page(
        request,
        "framework_mapping",
        f"How {version.code} maps to earlier versions",
        version=version,
        tree=tree,
        unmatched=selectors.unmatched_earlier(version, tree),
        frozen=version.frozen,  # type: ignore[attr-defined]
        can_manage=can_manage_framework(request.user),
    )


@require(can_use_self_assessment)
def framework_download(request: HttpRequest, code: str) -> HttpResponse:
    """The version as a data file that ``load_framework`` reads."""
    version = selectors.version_get(request.user, code)
    body = json.dumps(services.framework_export(version), indent=2, ensure_ascii=False)
    response = HttpResponse(body + "\n", content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{version.code.lower()}.json"'
    return response


@require(can_manage_framework)
def framework_clone(request: HttpRequest, code: str) -> HttpResponse:
    source = selectors.version_get(request.user, code)
    form = VersionCloneForm(request.POST or None)
    created: list[FrameworkVersion] = []
    if (
        request.method == "POST"
        and form.is_valid()
        and _apply(
            form,
            lambda: created.append(
                services.framework_clone(
                    actor=request.user,
                    source=source,
                    code=form.cleaned_data["code"],
                    name=form.cleaned_data["name"],
                )
            ),
        )
    ):
        messages.success(request, f"{created[0].code} has been created as a copy of {source.code}")
        return _detail(created[0])
    return _page(request, "framework_clone", f"Clone {source.code}", form=form, version=source)


@require(can_manage_framework)
def framework_edit(request: HttpRequest, code: str) -> HttpResponse:
    version = selectors.version_get(request.user, code)
    title = f"Change the name and description of {version.code}"
    if version.frozen:  # type: ignore[attr-defined]
        return _frozen(request, version, title)
    form = VersionEditForm(
        request.POST or None,
        initial={"name": version.name, "description": version.description},
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and _apply(
            form,
            lambda: services.framework_update(
                actor=request.user, version=version, **form.cleaned_data
            ),
        )
    ):
        messages.success(request, "The name and description have been saved")
        return _detail(version)
    return _page(request, "framework_edit", title, form=form, version=version)


@require(can_manage_framework)
def framework_domain_add(request: HttpRequest, code: str) -> HttpResponse:
    version = selectors.version_get(request.user, code)
    title = f"Add a domain to {version.code}"
    if version.frozen:  # type: ignore[attr-defined]
        return _frozen(request, version, title)
    form = DomainForm(request.POST or None)
    added: list[Domain] = []
    if (
        request.method == "POST"
        and form.is_valid()
        and _apply(
            form,
            lambda: added.append(
                services.domain_add(actor=request.user, version=version, **form.cleaned_data)
            ),
        )
    ):
        messages.success(request, f"Domain {added[0].number} has been added")
        return _detail(version, added[0].ref)
    return _page(request, "framework_domain_form", title, form=form, version=version)


@require(can_manage_framework)
def framework_domain_edit(request: HttpRequest, ref: str) -> HttpResponse:
    domain = selectors.domain_get(request.user, ref)
    version = selectors.version_of(domain)
    title = f"Change domain {domain.ref}"
    if version.frozen:  # type: ignore[attr-defined]
        return _frozen(request, version, title)
    form = DomainForm(
        request.POST or None, initial={"title": domain.title, "description": domain.description}
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and _apply(
            form,
            lambda: services.domain_update(actor=request.user, domain=domain, **form.cleaned_data),
        )
    ):
        messages.success(request, f"Domain {domain.ref} has been saved")
        return _detail(version, domain.ref)
    return _page(request, "framework_domain_form", title, form=form, version=version, domain=domain)


@require(can_manage_framework)
def framework_standard_add(request: HttpRequest, ref: str) -> HttpResponse:
    domain = selectors.domain_get(request.user, ref)
    version = selectors.version_of(domain)
    title = f"Add a standard to domain {domain.ref}"
    if version.frozen:  # type: ignore[attr-defined]
        return _frozen(request, version, title)
    form = StandardForm(request.POST or None, choices=selectors.standard_choices(version))
    added: list[Standard] = []
    if (
        request.method == "POST"
        and form.is_valid()
        and _apply(
            form,
            lambda: added.append(
                services.standard_add(actor=request.user, domain=domain, **form.cleaned_data)
            ),
        )
    ):
        messages.success(request, f"Standard {added[0].ref} has been added")
        return _detail(version, added[0].ref)
    return _page(
        request, "framework_standard_form", title, form=form, version=version, domain=domain
    )


@require(can_manage_framework)
def framework_standard_edit(request: HttpRequest, ref: str) -> HttpResponse:
    standard = selectors.standard_get(request.user, ref)
    version = selectors.version_of(standard)
    title = f"Change standard {standard.ref}"
    if version.frozen:  # type: ignore[attr-defined]
        return _frozen(request, version, title)
    form = StandardForm(
        request.POST or None,
        choices=selectors.standard_choices(version),
        initial={
            "title": standard.title,
            "description": standard.description,
            "previous": standard.previous_id,
        },
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and _apply(
            form,
            lambda: services.standard_update(
                actor=request.user, standard=standard, **form.cleaned_data
            ),
        )
    ):
        messages.success(request, f"Standard {standard.ref} has been saved")
        return _next_or_detail(request, version, standard.ref)
    return _page(
        request,
        "framework_standard_form",
        title,
        form=form,
        version=version,
        domain=standard.domain,
        standard=standard,
        next_page=_next_page(request),
    )


@require(can_manage_framework)
def framework_question_add(request: HttpRequest, ref: str) -> HttpResponse:
    standard = selectors.standard_get(request.user, ref)
    version = selectors.version_of(standard)
    title = f"Add a question to standard {standard.ref}"
    if version.frozen:  # type: ignore[attr-defined]
        return _frozen(request, version, title)
    form = QuestionForm(
        request.POST or None,
        choices=selectors.question_choices(version),
        initial=QuestionForm.initial_for(None),
    )
    added: list[Question] = []
    if (
        request.method == "POST"
        and form.is_valid()
        and _apply(
            form,
            lambda: added.append(
                services.question_add(
                    actor=request.user, standard=standard, settings=form.settings()
                )
            ),
        )
    ):
        messages.success(request, f"Question {added[0].ref} has been added")
        return _detail(version, added[0].ref)
    return _page(
        request,
        "framework_question_form",
        title,
        form=form,
        version=version,
        standard=standard,
    )


@require(can_manage_framework)
def framework_question_edit(request: HttpRequest, ref: str) -> HttpResponse:
    question = selectors.question_get(request.user, ref)
    version = selectors.version_of(question)
    title = f"Change question {question.ref}"
    if version.frozen:  # type: ignore[attr-defined]
        return _frozen(request, version, title)
    form = QuestionForm(
        request.POST or None,
        choices=selectors.question_choices(version),
        initial=QuestionForm.initial_for(question),
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and _apply(
            form,
            lambda: services.question_update(
                actor=request.user, question=question, settings=form.settings()
            ),
        )
    ):
        messages.success(request, f"Question {question.ref} has been saved")
        return _next_or_detail(request, version, question.ref)
    return _page(
        request,
        "framework_question_form",
        title,
        form=form,
        version=version,
        standard=question.standard,
        question=question,
        next_page=_next_page(request),
    )


REMOVALS: dict[str, tuple[Callable[[Any, str], Any], Callable[..., None], str]] = {
    "domain": (selectors.domain_get, services.domain_remove, "domain"),
    "standard": (selectors.standard_get, services.standard_remove, "standard"),
    "question": (selectors.question_get, services.question_remove, "question"),
}


def _remove(request: HttpRequest, kind: str, ref: str) -> HttpResponse:
    get, remove, noun = REMOVALS[kind]
    record = get(request.user, ref)
    version = selectors.version_of(record)
    title = f"Remove {noun} {record.ref}"
    if version.frozen:  # type: ignore[attr-defined]
        return _frozen(request, version, title)
    errors: list[str] = []
    if request.method == "POST":
        try:
            remove(actor=request.user, **{kind: record})
        except ValidationError as error:
            errors = list(error.messages)
        else:
            messages.success(request, f"{noun.capitalize()} {ref} has been removed")
            return _detail(version)
    return _page(
        request,
        "framework_remove",
        title,
        version=version,
        record=record,
        kind=kind,
        contents=selectors.removal_contents(record),
        error_list=[{"text": message, "href": "#maincontent"} for message in errors],
        page_error=bool(errors),
    )


@require(can_manage_framework)
def framework_domain_remove(request: HttpRequest, ref: str) -> HttpResponse:
    return _remove(request, "domain", ref)


@require(can_manage_framework)
def framework_standard_remove(request: HttpRequest, ref: str) -> HttpResponse:
    return _remove(request, "standard", ref)


@require(can_manage_framework)
def framework_question_remove(request: HttpRequest, ref: str) -> HttpResponse:
    return _remove(request, "question", ref)


def _next_page(request: HttpRequest) -> str:
    """Where to go after saving: back to the mapping page when the change came from there."""
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    return "mapping" if wanted == "mapping" else ""


def _next_or_detail(request: HttpRequest, version: FrameworkVersion, ref: str) -> HttpResponse:
    if _next_page(request) == "mapping":
        response = redirect("assessments:framework_mapping", version.code)
        response["Location"] += f"#{ref}"
        return response
    return _detail(version, ref)

"""The two shapes of page that change something through a service, shared by every app.

A form page shows a form; on a valid post it calls the service, and the service's refusal
(a ValidationError) goes back onto the form beside the fields it names. A confirmation
page asks "are you sure?"; on a post it calls the service, and a refusal is listed in the
error summary. Either way, success ends with a message and a redirect, and nothing the
user typed is lost on a refusal: the page is shown again with their input.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse

from core.forms import ServiceForm

# What to do after the service call succeeded: the success message and the redirect.
type Done[T] = Callable[[T], tuple[str, HttpResponse]]


def posted(request: HttpRequest) -> Any:
    """The submitted data, even when empty, so a blank form is checked and shows its errors
    (``request.POST or None`` would show an empty post as an untouched form)."""
    return request.POST if request.method == "POST" else None


def _finish[T](request: HttpRequest, done: Done[T], result: T) -> HttpResponse:
    message, response = done(result)
    messages.success(request, message)
    return response


def form_view[T](
    request: HttpRequest,
    form: ServiceForm,
    *,
    save: Callable[[], T],
    done: Done[T],
    page: Callable[[], HttpResponse],
) -> HttpResponse:
    """Run ``save`` (the service call, reading ``form.cleaned_data``) on a valid post, then
    ``done`` with its result; otherwise, or when the service refuses, ``page``."""
    if request.method == "POST" and form.is_valid():
        try:
            result = save()
        except ValidationError as error:
            form.apply_errors(error)
        else:
            return _finish(request, done, result)
    return page()


def confirm_view[T](
    request: HttpRequest,
    *,
    act: Callable[[], T],
    done: Done[T],
    page: Callable[..., HttpResponse],
) -> HttpResponse:
    """Run ``act`` on a post, then ``done`` with its result. Otherwise ``page`` is called with
    ``error_list`` (the service's refusals, for the error summary) and ``page_error``."""
    errors: list[str] = []
    if request.method == "POST":
        try:
            result = act()
        except ValidationError as error:
            errors = list(error.messages)
        else:
            return _finish(request, done, result)
    return page(
        error_list=[{"text": message, "href": "#maincontent"} for message in errors],
        page_error=bool(errors),
    )

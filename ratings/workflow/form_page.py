"""The one confirmation-and-form page every workflow step uses."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from core.forms import ServiceForm


def form_page(
    request: HttpRequest,
    form: ServiceForm,
    *,
    heading: str,
    caption: str,
    back_url: str,
    back_text: str,
    button: str,
    intro: list[str] | None = None,
    blocked: str = "",
    warning: bool = False,
) -> HttpResponse:
    """The one confirmation-and-form page every workflow step uses."""
    return render(
        request,
        "ratings/workflow/rating_form.html",
        {
            "page_title": heading,
            "form": form,
            "heading": heading,
            "caption": caption,
            "back_url": back_url,
            "back_text": back_text,
            "button": button,
            "intro": intro or [],
            "blocked": blocked,
            "warning": warning,
            "page_error": bool(form.errors),
        },
    )

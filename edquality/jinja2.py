"""The Jinja2 environment: our templates first, then the NHS design system's macros."""

from __future__ import annotations

from typing import Any

import jinja2
from django.contrib.staticfiles.storage import staticfiles_storage
from django.urls import reverse

from core import clock, formatting
from core.forms_render import error_summary_items, nhs_field


def url(name: str, *args: Any, **kwargs: Any) -> str:
    return reverse(name, args=args or None, kwargs=kwargs or None)


def environment(**options: Any) -> jinja2.Environment:
    own_loader = options.pop("loader")
    options["loader"] = jinja2.ChoiceLoader(
        [own_loader, jinja2.PackageLoader("nhsuk_frontend_jinja")]
    )
    # The NHS macros read optional nested parameters, which needs chainable undefined values.
    options["undefined"] = jinja2.ChainableUndefined
    # Plain-text e-mail templates must not be HTML-escaped.
    options["autoescape"] = jinja2.select_autoescape(
        enabled_extensions=("html", "jinja"), disabled_extensions=("txt",), default=True
    )
    options.setdefault("extensions", []).append("jinja2.ext.do")
    env = jinja2.Environment(**options)  # noqa: S701 (autoescape is set above)
    env.globals.update(
        {
            "url": url,
            "static": staticfiles_storage.url,
            "now": clock.now,
            "nhs_field": nhs_field,
            "error_summary_items": error_summary_items,
        }
    )
    env.filters.update(
        {
            "date": formatting.date,
            "datetime": formatting.datetime,
            "number": formatting.number,
            "count_of": formatting.count_of,
            "yesno": formatting.yesno,
        }
    )
    return env

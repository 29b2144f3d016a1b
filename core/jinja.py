"""Jinja2 template backend that reads each app's ``templates/`` folder (see conventions)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.template.backends.jinja2 import Jinja2, Template
from django.test.signals import template_rendered


class _SignallingTemplate(Template):
    """Sends ``template_rendered`` like Django's own engine, so tests can read the context."""

    def render(
        self, context: dict[str, Any] | None = None, request: HttpRequest | None = None
    ) -> str:
        if template_rendered.receivers:
            template_rendered.send(sender=self, template=self, context=dict(context or {}))
        return super().render(context, request)


class AppTemplatesJinja2(Jinja2):
    """Django's Jinja2 backend, looking in ``<app>/templates`` rather than ``<app>/jinja2``."""

    app_dirname = "templates"

    def get_template(self, template_name: str) -> Template:
        template = super().get_template(template_name)
        return _SignallingTemplate(template.template, self)

    def from_string(self, template_code: str) -> Template:
        template = super().from_string(template_code)
        return _SignallingTemplate(template.template, self)

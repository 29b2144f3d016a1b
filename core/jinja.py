"""Jinja2 template backend that reads each app's ``templates/`` folder (see conventions)."""

from django.template.backends.jinja2 import Jinja2


class AppTemplatesJinja2(Jinja2):
    """Django's Jinja2 backend, looking in ``<app>/templates`` rather than ``<app>/jinja2``."""

    app_dirname = "templates"

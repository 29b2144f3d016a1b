from django.apps import AppConfig


class ApiConfig(AppConfig):
    """The open data API (``/api/v1/``): published ratings, the register they concern and the
    published national self-assessment reports, read-only and without sign-in."""

    name = "api"
    verbose_name = "Open data API"

from django.apps import AppConfig


class CoreConfig(AppConfig):
    """Shared pieces: audit, exports, base templates, demo data."""

    name = "core"
    verbose_name = "Core"

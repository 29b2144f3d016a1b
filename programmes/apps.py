from django.apps import AppConfig


class ProgrammesConfig(AppConfig):
    """Professions, programmes and commissions."""

    name = "programmes"
    verbose_name = "Programmes"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from programmes.models import Commission, Profession, Programme

        for model in (Profession, Programme, Commission):
            auditlog.register(model)

from django.apps import AppConfig


class ProgrammesConfig(AppConfig):
    """Professions, programmes and commissions."""

    name = "programmes"
    verbose_name = "Programmes"

    def ready(self) -> None:
        from core.audit import register
        from programmes.models import Commission, Profession, Programme

        for model in (Profession, Programme, Commission):
            register(model)

from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    """Regions, organisations, sites and their imports."""

    name = "organisations"
    verbose_name = "Organisations"

    def ready(self) -> None:
        from core.audit import register
        from organisations import models

        for model in (
            models.Region,
            models.LocalOffice,
            models.Organisation,
            models.Site,
            models.ImportRun,
        ):
            register(model)

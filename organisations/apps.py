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

        from core.imports.importer import register as add_importer
        from organisations.imports.services import IMPORTER

        add_importer(IMPORTER)

        from core.navigation import NavEntry
        from core.navigation import register as add_to_navigation
        from core.reference import register_loader
        from organisations.permissions import can_import_organisations, can_list_organisations
        from organisations.services import regions_load

        register_loader("Regions, offices and teams", regions_load, order=10)
        add_to_navigation(
            NavEntry(
                "Organisations",
                "organisations:list",
                order=10,
                namespace="organisations",
                shown=can_list_organisations,
            )
        )
        add_to_navigation(
            NavEntry(
                "Imports",
                "organisations:import_upload",
                order=50,
                namespace="organisations",
                url_prefixes=("import",),
                shown=can_import_organisations,
            )
        )

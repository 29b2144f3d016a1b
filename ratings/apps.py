from django.apps import AppConfig


class RatingsConfig(AppConfig):
    """QCPM: KPI definitions, methodologies, values, the rating engine and publication."""

    name = "ratings"
    verbose_name = "QCPM ratings"

    def ready(self) -> None:
        from core.audit import register
        from ratings import models

        # KPI values are many and imported in bulk: their provenance is KpiImport and
        # KpiValueHistory rather than one audit entry per value.
        register(models.Methodology, m2m=("regions",))
        for model in (
            models.Kpi,
            models.MethodologyKpi,
            models.KpiImport,
            models.RatingRound,
            models.Rating,
            models.RatingQuery,
            models.RightOfReply,
            models.FollowUp,
            models.FollowUpAction,
        ):
            register(model)

        from core.imports.importer import register as add_importer
        from ratings.imports.services import IMPORTER

        add_importer(IMPORTER)

        from core.navigation import NavEntry
        from core.navigation import register as add_to_navigation
        from core.reference import register_loader
        from ratings.definitions.loading import kpis_load
        from ratings.permissions import can_view_methodology

        register_loader("KPI definitions", kpis_load, order=30)

        from ratings.workflow.register_items import FOLLOW_UP_SOURCE
        from register.sources import register as add_register_source

        add_register_source(FOLLOW_UP_SOURCE)

        from core.demo import register as add_demo_builder
        from ratings.demo import DEMO_BUILDERS

        for builder in DEMO_BUILDERS:
            add_demo_builder(builder)
        add_to_navigation(
            NavEntry(
                "QCPM ratings",
                "ratings:index",
                order=30,
                namespace="ratings",
                shown=can_view_methodology,
            )
        )
        self._hand_up_home_and_import_parts()

    def _hand_up_home_and_import_parts(self) -> None:
        """What an organisation import warns about, the public home's entry and the
        things waiting for people on their home page."""
        from organisations.live import register as add_live_work
        from ratings.live import LIVE_WORK

        # An import preview shows what moves with an organisation it changes.
        for work in LIVE_WORK:
            add_live_work(work)

        from core.published import register as publish_on_home
        from core.waiting import register as add_waiting
        from ratings.home import PUBLIC_ENTRY, WAITING

        publish_on_home(PUBLIC_ENTRY)
        add_waiting(WAITING)

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
        for model in (
            models.Kpi,
            models.Methodology,
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

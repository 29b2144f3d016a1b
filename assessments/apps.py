from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    """Provider self-assessment: the quality framework, campaigns, submissions and the report."""

    name = "assessments"
    verbose_name = "Provider self-assessment"

    def ready(self) -> None:
        from assessments import models
        from core.audit import register

        # Answers are audited too: who changed which answer, from what to what, is the
        # history a quality team needs when a submission is reopened.
        for model in (
            models.FrameworkVersion,
            models.Domain,
            models.Standard,
            models.Question,
            models.Campaign,
            models.Submission,
            models.DomainAssignment,
            models.Answer,
            models.Action,
            models.Evidence,
            models.SignOff,
            models.ReviewNote,
            models.NationalReport,
        ):
            register(model)

        from assessments.framework.loading import framework_load_file
        from assessments.permissions import can_use_self_assessment
        from core.navigation import NavEntry
        from core.navigation import register as add_to_navigation
        from core.reference import register_loader

        register_loader("Default quality framework", framework_load_file, order=40)

        from assessments.register_items import SOURCES
        from register.sources import register as add_register_source

        for source in SOURCES:
            add_register_source(source)
        add_to_navigation(
            NavEntry(
                "Self-assessment",
                "assessments:index",
                order=40,
                namespace="assessments",
                shown=can_use_self_assessment,
            )
        )

        from assessments.demo.seed import seed_assessments
        from core.demo import DemoBuilder
        from core.demo import register as add_demo_builder

        # The campaigns open after the register and the personas exist; the demo
        # administrator opens them and publishes last year's report.
        add_demo_builder(DemoBuilder("Self-assessments", seed_assessments, 50))
        self._hand_up_home_and_import_parts()

    def _hand_up_home_and_import_parts(self) -> None:
        """What an organisation import warns about, the public home's entry and the
        things waiting for people on their home page."""
        from assessments.live import LIVE_WORK
        from organisations.live import register as add_live_work

        # An import preview shows what moves with an organisation it changes.
        for work in LIVE_WORK:
            add_live_work(work)

        from assessments.home import PUBLIC_ENTRY, WAITING
        from core.published import register as publish_on_home
        from core.waiting import register as add_waiting

        publish_on_home(PUBLIC_ENTRY)
        add_waiting(WAITING)

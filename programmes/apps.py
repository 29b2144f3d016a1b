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

        from core.navigation import NavEntry
        from core.navigation import register as add_to_navigation
        from core.profile import ProfileSection
        from core.profile import register as add_to_profile
        from core.reference import register_loader
        from programmes.selectors import profile_commissions
        from programmes.services import programmes_load

        register_loader("Professions and programmes", programmes_load, order=20)
        add_to_navigation(
            NavEntry("Programmes", "programmes:list", order=20, namespace="programmes")
        )
        add_to_profile(
            ProfileSection(
                "commissions",
                "programmes/profile/commissions.html",
                profile_commissions,
                order=20,
            )
        )

from django.apps import AppConfig


class RegisterConfig(AppConfig):
    """The quality register: the items every process finds that providers must put right."""

    name = "register"
    verbose_name = "Quality register"

    def ready(self) -> None:
        from core.audit import register
        from core.navigation import NavEntry
        from core.navigation import register as add_to_navigation
        from register.models import QualityItem
        from register.permissions import can_view_register

        register(QualityItem)
        add_to_navigation(
            NavEntry(
                "Quality register",
                "register:list",
                order=50,
                namespace="register",
                shown=can_view_register,
            )
        )

from django.apps import AppConfig


class AccountsConfig(AppConfig):
    """Users, memberships and roles."""

    name = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        from accounts.models import Membership, User
        from core.audit import register

        register(User, exclude=("password", "last_login"))
        register(Membership)

        from accounts.permissions import can_manage_people
        from core.navigation import NavEntry
        from core.navigation import register as add_to_navigation

        add_to_navigation(
            NavEntry(
                "People",
                "accounts:people",
                order=60,
                namespace="accounts",
                url_prefixes=("people", "person", "membership"),
                shown=can_manage_people,
            )
        )

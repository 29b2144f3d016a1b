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

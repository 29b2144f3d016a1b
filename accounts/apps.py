from django.apps import AppConfig


class AccountsConfig(AppConfig):
    """The user: an account, sign-in and passwords."""

    name = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        from accounts.models import User
        from core.audit import register

        register(User, exclude=("password", "last_login"))

from django.apps import AppConfig


class AccountsConfig(AppConfig):
    """Users, memberships and roles."""

    name = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from accounts.models import Membership, User

        auditlog.register(User, exclude_fields=["password", "last_login"])
        auditlog.register(Membership)

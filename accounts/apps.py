from django.apps import AppConfig


class AccountsConfig(AppConfig):
    """The user: an account, sign-in and passwords."""

    name = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        from accounts.models import User
        from core.audit import register

        register(User, exclude=("password", "last_login"))

        from django.contrib.auth.signals import user_logged_in

        from accounts.second_factor.signals import note_two_step

        user_logged_in.connect(note_two_step, dispatch_uid="accounts.note_two_step")

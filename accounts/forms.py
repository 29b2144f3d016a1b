"""Sign-in and password forms with wording from the NHS design system's patterns."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm, SetPasswordForm

if TYPE_CHECKING:
    from accounts.models import User

    _SetPasswordBase = SetPasswordForm[User]
else:  # Django's forms are not generic at run time; only the type checker needs the user type
    _SetPasswordBase = SetPasswordForm


class SignInForm(AuthenticationForm):
    """E-mail and password, with messages that do not reveal which part was wrong."""

    username = forms.EmailField(
        label="E-mail address",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        error_messages={
            "required": "Enter your e-mail address",
            "invalid": "Enter an e-mail address in the correct format, like name@example.nhs.uk",
        },
    )
    password = forms.CharField(
        label="Password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": "Enter your password"},
    )
    error_messages = {
        "invalid_login": "Enter a correct e-mail address and password",
        "inactive": "This account has been switched off. Ask your quality administrator.",
    }

    def clean_username(self) -> str:
        return str(self.cleaned_data["username"]).strip().lower()

    def confirm_login_allowed(self, user: User) -> None:
        super().confirm_login_allowed(user)
        from django.conf import settings

        from accounts.models import is_demo_account

        # Demo users share a published password, so they work only while demo mode is on.
        if is_demo_account(user.email) and not settings.DEMO_MODE:
            raise forms.ValidationError(
                "Demo accounts only work when the service runs in demo mode", code="demo_off"
            )


class ResetRequestForm(PasswordResetForm):
    """Ask for a link to set a new password."""

    email = forms.EmailField(
        label="E-mail address",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={
            "required": "Enter your e-mail address",
            "invalid": "Enter an e-mail address in the correct format, like name@example.nhs.uk",
        },
    )

    def get_users(self, email: str) -> Any:
        # Unlike Django's default, people who never accepted their invitation can ask again.
        from accounts.models import User

        return User.objects.filter(email__iexact=email.strip(), is_active=True)

    def send_mail(
        self,
        subject_template_name: str,
        email_template_name: str,
        context: dict[str, Any],
        *args: Any,
        **kwargs: Any,
    ) -> None:
        from accounts.services import password_reset_send

        password_reset_send(user=context["user"])


class NewPasswordForm(_SetPasswordBase):
    """Choose a new password (also used to accept an invitation)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].label = "New password"
        self.fields[
            "new_password1"
        ].help_text = "At least 12 characters. Avoid common words and your own name."
        self.fields["new_password2"].label = "Confirm new password"
        self.fields["new_password1"].error_messages["required"] = "Enter a new password"
        self.fields["new_password2"].error_messages["required"] = "Confirm your new password"

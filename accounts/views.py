"""Signing in and out, and setting a password from an e-mailed link."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import views as auth_views
from django.urls import reverse_lazy

from accounts.forms import NewPasswordForm, ResetRequestForm, SignInForm


class _Titled:
    page_title = ""

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context: dict[str, Any] = super().get_context_data(**kwargs)  # type: ignore[misc]  # a mixin: the view it is mixed into has this method
        context["page_title"] = self.page_title
        form = context.get("form")
        context["page_error"] = bool(form is not None and form.is_bound and form.errors)
        return context


class SignInView(_Titled, auth_views.LoginView):
    form_class = SignInForm
    template_name = "accounts/sign_in.html"
    redirect_authenticated_user = True
    page_title = "Sign in"


class SignOutView(auth_views.LogoutView):
    pass


class ResetRequestView(_Titled, auth_views.PasswordResetView):
    form_class = ResetRequestForm
    template_name = "accounts/reset_request.html"
    success_url = reverse_lazy("accounts:reset_sent")
    page_title = "Reset your password"


class ResetSentView(_Titled, auth_views.PasswordResetDoneView):
    template_name = "accounts/reset_sent.html"
    page_title = "Check your e-mail"


class ResetConfirmView(_Titled, auth_views.PasswordResetConfirmView):
    form_class = NewPasswordForm
    template_name = "accounts/reset_confirm.html"
    success_url = reverse_lazy("accounts:reset_complete")
    page_title = "Set your password"


class ResetCompleteView(_Titled, auth_views.PasswordResetCompleteView):
    template_name = "accounts/reset_complete.html"
    page_title = "Your password has been set"

"""Signing in and out, and setting a password from an e-mailed link."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm, SetPasswordForm
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse_lazy

from accounts import limits
from accounts.forms import NewPasswordForm, ResetRequestForm, SignInForm
from accounts.services import password_set_from_link
from core.client import client_address

if TYPE_CHECKING:
    from accounts.models import User


class _Titled:
    page_title = ""

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context: dict[str, Any] = super().get_context_data(**kwargs)  # type: ignore[misc]  # a mixin: the view it is mixed into has this method
        context["page_title"] = self.page_title
        form = context.get("form")
        context["page_error"] = bool(form is not None and form.is_bound and form.errors)
        return context


def _too_many(request: HttpRequest, *, title: str, reason: str) -> HttpResponse:
    """The answer to an address that has reached a rate limit (429, Too Many Requests)."""
    context = {"page_title": title, "reason": reason}
    return render(request, "accounts/too_many.html", context, status=429)


def _address(request: HttpRequest) -> str:
    return client_address(request) or "unknown"


class SignInView(_Titled, auth_views.LoginView):
    form_class = SignInForm
    template_name = "accounts/sign_in.html"
    redirect_authenticated_user = True
    page_title = "Sign in"

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        # Lockout guards each account; this guards every account from one address.
        if limits.sign_in_failures().reached(_address(request)):
            return _too_many(
                request,
                title="Too many attempts to sign in",
                reason="There have been too many failed attempts to sign in from your network.",
            )
        response: HttpResponse = super().post(request, *args, **kwargs)
        return response

    def form_invalid(self, form: AuthenticationForm) -> HttpResponse:
        if form.has_error("__all__", "invalid_login"):
            limits.sign_in_failures().hit(_address(self.request))
        response: HttpResponse = super().form_invalid(form)
        return response


class SignOutView(auth_views.LogoutView):
    pass


class ResetRequestView(_Titled, auth_views.PasswordResetView):
    form_class = ResetRequestForm
    template_name = "accounts/reset_request.html"
    success_url = reverse_lazy("accounts:reset_sent")
    page_title = "Reset your password"

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not limits.reset_requests().hit(_address(request)):
            return _too_many(
                request,
                title="Too many requests for a password link",
                reason="There have been too many requests for password links from your network.",
            )
        response: HttpResponse = super().post(request, *args, **kwargs)
        return response


class ResetSentView(_Titled, auth_views.PasswordResetDoneView):
    template_name = "accounts/reset_sent.html"
    page_title = "Check your e-mail"


class ResetConfirmView(_Titled, auth_views.PasswordResetConfirmView):
    form_class = NewPasswordForm
    template_name = "accounts/reset_confirm.html"
    success_url = reverse_lazy("accounts:reset_complete")
    page_title = "Set your password"

    def form_valid(self, form: SetPasswordForm[User]) -> HttpResponse:
        # The link's token was checked on the way in and kept in the session; the service
        # checks it again, sets the password and lifts any lockout.
        token = self.request.session.pop(auth_views.INTERNAL_RESET_SESSION_TOKEN, "")
        password_set_from_link(
            user=form.user, token=token, password=form.cleaned_data["new_password1"]
        )
        return HttpResponseRedirect(self.get_success_url())


class ResetCompleteView(_Titled, auth_views.PasswordResetCompleteView):
    template_name = "accounts/reset_complete.html"
    page_title = "Your password has been set"

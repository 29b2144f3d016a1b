"""The two-step verification pages: what is set up, setting it up, entering a code and
renewing recovery codes. Each step is a service call (``services``)."""

from __future__ import annotations

import segno
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.http import SignedInRequest
from accounts.second_factor import services
from accounts.second_factor.forms import CodeForm
from core.views_forms import posted


def _next(request: HttpRequest) -> str:
    wanted = request.GET.get("next") or request.POST.get("next") or "/"
    safe = url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return wanted if safe else "/"


def _codes_page(request: HttpRequest, codes: list[str], title: str) -> HttpResponse:
    response = render(
        request,
        "accounts/second_factor/codes.html",
        {"page_title": title, "codes": codes, "next": _next(request)},
    )
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def overview(request: SignedInRequest) -> HttpResponse:
    user = request.user
    return render(
        request,
        "accounts/second_factor/overview.html",
        {
            "page_title": "Two-step verification",
            "is_set_up": services.is_set_up(user),
            "codes_left": services.recovery_codes_left(user),
        },
    )


def _key_groups(device: TOTPDevice) -> str:
    from base64 import b32encode

    key = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


@login_required
def set_up(request: SignedInRequest) -> HttpResponse:
    device = services.setup_start(actor=request.user)
    form = CodeForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            confirmed, codes = services.setup_confirm(
                actor=request.user, token=form.cleaned_data["code"]
            )
        except ValidationError as error:
            form.apply_errors(error)
        else:
            otp_login(request, confirmed)
            services.note_in_session(request.session, request.user)
            return _codes_page(request, codes, "Two-step verification is set up")
    qr = segno.make(device.config_url, error="m")
    response = render(
        request,
        "accounts/second_factor/set_up.html",
        {
            "page_title": "Set up two-step verification",
            "page_error": form.is_bound and not form.is_valid(),
            "form": form,
            "key": _key_groups(device),
            "qr_svg": qr.svg_inline(scale=4, title="QR code of your two-step verification key"),
            "next": _next(request),
        },
    )
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def verify(request: SignedInRequest) -> HttpResponse:
    if services.is_verified(request.user):
        return redirect(_next(request))
    # Reset by an administrator since this session began: nothing to ask for any more.
    is_set_up = services.note_in_session(request.session, request.user)
    form = CodeForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            device = services.verify(actor=request.user, token=form.cleaned_data["code"])
        except ValidationError as error:
            form.apply_errors(error)
        else:
            otp_login(request, device)
            return redirect(_next(request))
    return render(
        request,
        "accounts/second_factor/verify.html",
        {
            "page_title": "Enter your code",
            "is_set_up": is_set_up,
            "page_error": form.is_bound and not form.is_valid(),
            "form": form,
            "next": _next(request),
        },
    )


@login_required
def recovery_codes(request: SignedInRequest) -> HttpResponse:
    if request.method != "POST":
        return redirect("accounts:two_step")
    try:
        codes = services.recovery_codes_renew(actor=request.user)
    except ValidationError:
        return redirect("accounts:two_step_set_up")
    return _codes_page(request, codes, "Your new recovery codes")

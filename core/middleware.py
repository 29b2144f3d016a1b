"""Middleware of every request: the client address in the audit trail, private pages not cached."""

from __future__ import annotations

from collections.abc import Callable

from auditlog.context import auditlog_value
from auditlog.middleware import AuditlogMiddleware
from django.conf import settings
from django.http import HttpRequest
from django.http.response import HttpResponseBase

from core.client import client_address

GetResponse = Callable[[HttpRequest], HttpResponseBase]


class AuditContextMiddleware(AuditlogMiddleware):  # type: ignore[misc]  # auditlog ships no type hints
    """auditlog's middleware (the actor of each change), recording the client address that
    ``core.client.client_address`` works out from the trusted proxies.

    auditlog's own reading takes the first ``X-Forwarded-For`` entry, which any client can
    write; ``core.audit.acting_as`` carries the address into every service's audit entries.
    """

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        previous = auditlog_value.get(None)
        try:
            response: HttpResponseBase = super().__call__(request)
        finally:
            # auditlog leaves the request's values in the thread's context when it ends; work
            # done later in the same thread (a command, a task) must not inherit its address.
            auditlog_value.set(previous)
        return response

    @staticmethod
    def _get_remote_addr(request: HttpRequest) -> str | None:
        return client_address(request)

    @staticmethod
    def _get_remote_port(request: HttpRequest) -> int | None:
        # Only a trusted proxy's X-Forwarded-Port says anything; without one a client wrote it.
        if settings.TRUSTED_PROXY_COUNT <= 0:
            return None
        port: int | None = AuditlogMiddleware._get_remote_port(request)
        return port


PRIVATE = "private, no-store"


def _is_download(response: HttpResponseBase) -> bool:
    disposition = response.headers.get("Content-Disposition", "")
    return disposition.lower().startswith("attachment")


def _signed_in(request: HttpRequest) -> bool:
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated)


class PrivateCacheMiddleware:
    """Pages for a signed-in user and every download send ``Cache-Control: private, no-store``,
    so neither a shared cache nor the browser keeps a copy once the user has gone.

    Static files are served before this runs (WhiteNoise) and keep their long caching.
    """

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        signed_in = _signed_in(request)
        response = self.get_response(request)
        # Checked again afterwards: a sign-in's own response already belongs to the user.
        if signed_in or _signed_in(request) or _is_download(response):
            response.headers["Cache-Control"] = PRIVATE
        return response

"""Values every page needs: the service name, navigation, demo flag, the NHS asset path."""

from __future__ import annotations

from django.conf import settings
from django.contrib.staticfiles.storage import staticfiles_storage
from django.http import HttpRequest
from django.middleware.csp import get_nonce

from core.navigation import nav_items


def service(request: HttpRequest) -> dict[str, object]:
    return {
        "service_name": settings.SERVICE_NAME,
        "demo_mode": settings.DEMO_MODE,
        "nav_items": nav_items(request),
        # Names the NHS page template reads.
        "assetPath": staticfiles_storage.url("nhsuk/assets").rstrip("/"),
        # The NHS template's inline script needs the nonce; reading it here adds it to the policy.
        "cspNonce": str(nonce) if (nonce := get_nonce(request)) is not None else None,
    }

"""ETags and caching headers, so clients and caches can poll cheaply.

Every answer of the API is the same for everyone who asks (nothing depends on who is signed
in), so it may be kept by shared caches for a few minutes. The ETag is a hash of the body:
a client that sends it back in ``If-None-Match`` gets ``304 Not Modified`` and no body
while nothing it was sent has changed.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import wraps
from typing import Any, cast

from django.http import HttpRequest, HttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control

MAX_AGE = 300


def conditional(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    """The response with its ETag and Cache-Control, or a 304 when the client's ETag
    matches. Only successful reads are cached; errors are not."""
    if request.method not in ("GET", "HEAD") or response.status_code != 200:
        patch_cache_control(response, no_store=True)
        return response
    response["ETag"] = f'"{hashlib.sha256(response.content).hexdigest()[:40]}"'
    patch_cache_control(response, public=True, max_age=MAX_AGE)
    answer = get_conditional_response(request, etag=response["ETag"], response=response)
    return answer if answer is not None else response


def conditional_view[V: Callable[..., HttpResponse]](view: V) -> V:
    """``conditional`` around a view that is not one of the API's operations (the OpenAPI
    document)."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return conditional(request, view(request, *args, **kwargs))

    return cast(V, wrapped)

"""View decorators: sign-in first, then a permission check that answers "not found"."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest
from django.http.response import HttpResponseBase

View = Callable[..., HttpResponseBase]


def require(predicate: Callable[[Any], bool]) -> Callable[[View], View]:
    """Signed-in users who fail ``predicate`` get a 404, so the page's existence is not revealed."""

    def decorator(view: View) -> View:
        @login_required
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if not predicate(request.user):
                raise Http404("Page not found")
            return view(request, *args, **kwargs)

        return wrapped

    return decorator

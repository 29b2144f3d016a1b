"""Version 1 of the open data API. A change that would break a client goes to a version 2
beside it; this one only gains fields and operations (see docs/api.md)."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from ninja import NinjaAPI
from ninja.errors import ValidationError

from api import organisations, ratings, reports
from api.caching import conditional, conditional_view
from api.schemas import IndexOut

DESCRIPTION = (
    "What edquality publishes, as JSON: published QCPM ratings with their KPI values and "
    "reasons, the education providers and programmes they concern, and the figures of the "
    "published national self-assessment reports. Read-only, no sign-in. Lists come 100 a page; "
    "follow `next`. Every answer has an `ETag`: send it back in `If-None-Match` to get "
    "`304 Not Modified` while nothing has changed."
)


class OpenDataApi(NinjaAPI):
    """NinjaAPI whose every answer carries an ETag and caching headers."""

    def create_response(
        self,
        request: HttpRequest,
        data: Any,
        *,
        status: int | None = None,
        temporal_response: HttpResponse | None = None,
    ) -> HttpResponse:
        response = super().create_response(
            request, data, status=status, temporal_response=temporal_response
        )
        return conditional(request, response)


api = OpenDataApi(
    title="edquality open data",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api_v1",
    docs_url=None,
    docs_decorator=conditional_view,
)


def _not_found(request: HttpRequest, error: Any) -> HttpResponse:
    return api.create_response(request, {"detail": str(error) or "Not found"}, status=404)


def _invalid(request: HttpRequest, error: Any) -> HttpResponse:
    """A 400 naming each parameter that is wrong and why (rather than ninja's 422 list)."""
    problems = [
        f"{item['loc'][-1] if item.get('loc') else 'request'}: {item.get('msg', 'not valid')}"
        for item in error.errors
    ]
    return api.create_response(request, {"detail": "; ".join(problems)}, status=400)


api.add_exception_handler(Http404, _not_found)
api.add_exception_handler(ValidationError, _invalid)


@api.get("/", response=IndexOut, url_name="index", summary="Where everything is", tags=["Index"])
def index(request: HttpRequest) -> IndexOut:
    def url(name: str) -> str:
        return request.build_absolute_uri(reverse(name))

    return IndexOut(
        title=api.title,
        version=api.version,
        openapi=url("api_v1:openapi-json"),
        documentation=url("api:docs"),
        links={
            "rounds": url("api_v1:rounds"),
            "ratings": url("api_v1:ratings"),
            "organisations": url("api_v1:organisations"),
            "programmes": url("api_v1:programmes"),
            "self_assessment_reports": url("api_v1:reports"),
        },
    )


api.add_router("", ratings.router)
api.add_router("", organisations.router)
api.add_router("", reports.router)

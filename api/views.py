"""The API's documentation page: the OpenAPI document drawn as an NHS page, so it is as
accessible as the rest of the service and needs no script (an interactive explorer from a
package would bring its own scripts and styles, which our Content-Security-Policy refuses)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from api.v1 import api


@dataclass(frozen=True)
class Parameter:
    name: str
    where: str
    required: bool
    description: str


@dataclass(frozen=True)
class Operation:
    method: str
    path: str
    summary: str
    description: str
    parameters: list[Parameter]
    anchor: str
    tag: str


def operations(schema: dict[str, Any]) -> list[Operation]:
    """Every operation of the document, in its order."""
    found = []
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            found.append(
                Operation(
                    method=method.upper(),
                    path=path,
                    summary=operation.get("summary", ""),
                    description=operation.get("description", ""),
                    parameters=[
                        Parameter(
                            name=item["name"],
                            where=item["in"],
                            required=bool(item.get("required")),
                            description=item.get("description")
                            or item.get("schema", {}).get("description", ""),
                        )
                        for item in operation.get("parameters", [])
                    ],
                    anchor=operation["operationId"],
                    tag=(operation.get("tags") or [""])[0],
                )
            )
    return found


def docs(request: HttpRequest) -> HttpResponse:
    schema = api.get_openapi_schema()
    return render(
        request,
        "api/docs.html",
        {
            "page_title": "Open data API",
            "info": schema["info"],
            "operations": operations(schema),
            "openapi_url": request.build_absolute_uri(reverse("api_v1:openapi-json")),
            "root_url": request.build_absolute_uri(reverse("api_v1:index")),
        },
    )

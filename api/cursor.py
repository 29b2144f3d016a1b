"""Pagination by cursor over a stable order (the rows' ids), a fixed number of rows a page.

A cursor is opaque to clients: the id of the last row of the page before, encoded. Reading
after an id rather than skipping an offset keeps every page one query, however deep, and a
row published while a client pages through never shifts the pages it has not read yet.
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass
from typing import Any

from django.db.models import Model, QuerySet
from django.http import HttpRequest

from api.errors import bad_parameter

PAGE_SIZE = 100
_PREFIX = "after:"


def encode(last_id: int) -> str:
    return base64.urlsafe_b64encode(f"{_PREFIX}{last_id}".encode()).decode().rstrip("=")


def decode(cursor: str) -> int:
    """The id a cursor reads after; a 400 naming the cursor when it is not one we gave out."""
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        text = base64.urlsafe_b64decode(padded.encode("ascii")).decode("ascii")
    except (binascii.Error, UnicodeError, ValueError):
        raise bad_parameter("cursor", "not a cursor this API gave out") from None
    number = text.removeprefix(_PREFIX)
    if not text.startswith(_PREFIX) or not number.isdigit() or len(number) > 18:
        raise bad_parameter("cursor", "not a cursor this API gave out")
    return int(number)


@dataclass
class Page[T: Model]:
    """One page of rows and the address of the next, or None on the last page."""

    rows: list[T]
    next: str | None


def page[T: Model](
    request: HttpRequest, rows: QuerySet[T], cursor: str | None, size: int | None = None
) -> Page[T]:
    """The ``size`` rows (``PAGE_SIZE`` unless given) after the cursor, in id order, in one
    query (one row more is read to know whether another page follows)."""
    size = size or PAGE_SIZE
    if cursor:
        rows = rows.filter(pk__gt=decode(cursor))
    found = list(rows.order_by("pk")[: size + 1])
    if len(found) <= size:
        return Page(found, None)
    found = found[:size]
    return Page(found, _next_url(request, encode(found[-1].pk)))


def _next_url(request: HttpRequest, cursor: str) -> str:
    query: Any = request.GET.copy()
    query["cursor"] = cursor
    return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")

"""Pagination for list pages, with the parameters the NHS pagination component needs."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, QueryDict

PAGE_SIZE = 50


def paginate(request: HttpRequest, queryset: QuerySet[Any], per_page: int = PAGE_SIZE) -> Page[Any]:
    paginator = Paginator(queryset, per_page)
    return paginator.get_page(request.GET.get("page"))


def page_links(request: HttpRequest, page: Page[Any]) -> dict[str, Any]:
    """Previous and next links that keep the current filters."""

    def link(number: int) -> str:
        query: QueryDict = request.GET.copy()
        query["page"] = str(number)
        return "?" + query.urlencode()

    return {
        "previous": {"href": link(page.previous_page_number())} if page.has_previous() else None,
        "next": {"href": link(page.next_page_number())} if page.has_next() else None,
        "label": f"Page {page.number} of {page.paginator.num_pages}",
        "count": page.paginator.count,
        "start": page.start_index(),
        "end": page.end_index(),
    }

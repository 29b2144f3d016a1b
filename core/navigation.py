"""The header navigation: each app registers its entries when it is ready; core shows the
ones the signed-in user may use, in order, and marks the section of the current page."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.urls import reverse

from core.people import Person


def _everyone(user: Person) -> bool:
    return True


@dataclass(frozen=True)
class NavEntry:
    """One header link. ``namespace`` (and, when given, the URL-name prefixes) says which
    pages belong to its section; ``shown`` says who sees it."""

    text: str
    url_name: str
    order: int
    namespace: str
    url_prefixes: tuple[str, ...] = ()
    shown: Callable[[Any], bool] = _everyone

    def holds(self, namespace: str, url_name: str) -> bool:
        if namespace != self.namespace:
            return False
        return not self.url_prefixes or url_name.startswith(self.url_prefixes)


_entries: dict[str, NavEntry] = {}


def register(entry: NavEntry) -> None:
    """Add an entry (again, by URL name, replaces it: apps may be made ready twice)."""
    _entries[entry.url_name] = entry


def entries() -> list[NavEntry]:
    return sorted(_entries.values(), key=lambda entry: (entry.order, entry.text))


def nav_items(request: HttpRequest) -> list[dict[str, object]]:
    # Requests refused before authentication (a bad Host header) have no user.
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return []
    shown = [entry for entry in entries() if entry.shown(user)]
    match = request.resolver_match
    namespace, url_name = (match.namespace, match.url_name or "") if match else ("", "")
    # The most particular entry holding the page is its section: an entry with URL-name
    # prefixes before the one for the whole namespace.
    holders = [entry for entry in entries() if entry.holds(namespace, url_name)]
    current = max(holders, key=lambda entry: len(entry.url_prefixes), default=None)
    return [
        {"text": entry.text, "href": reverse(entry.url_name), "active": entry is current}
        for entry in shown
    ]

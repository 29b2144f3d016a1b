"""The header navigation: entries apps register, in order, shown to whom they allow, with
the current page's section marked."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.test import RequestFactory

from core import navigation
from core.navigation import NavEntry


class _Signed:
    is_authenticated = True

    def __init__(self, *, admin: bool) -> None:
        self.admin = admin


@pytest.fixture
def registry(monkeypatch):
    """A registry of the project's real URL names, standing in for the apps' entries."""
    monkeypatch.setattr(navigation, "_entries", {})
    navigation.register(NavEntry("Home", "web:home", order=0, namespace="web"))
    navigation.register(
        NavEntry(
            "Audit log",
            "web:audit_log",
            order=90,
            namespace="web",
            url_prefixes=("audit",),
            shown=lambda user: user.admin,
        )
    )
    navigation.register(
        NavEntry(
            "Imports",
            "organisations:import_upload",
            order=50,
            namespace="organisations",
            url_prefixes=("import",),
        )
    )
    navigation.register(
        NavEntry("Organisations", "organisations:list", order=10, namespace="organisations")
    )


def _items(user, namespace="", url_name=""):
    request = RequestFactory().get("/")
    request.user = user
    request.resolver_match = SimpleNamespace(namespace=namespace, url_name=url_name)  # type: ignore[assignment]  # only the two names nav_items reads
    return navigation.nav_items(request)


def test_entries_come_in_their_order_and_only_to_those_they_are_shown(registry):
    assert [i["text"] for i in _items(_Signed(admin=True))] == [
        "Home",
        "Organisations",
        "Imports",
        "Audit log",
    ]
    assert "Audit log" not in [i["text"] for i in _items(_Signed(admin=False))]
    assert _items(SimpleNamespace(is_authenticated=False)) == []


@pytest.mark.parametrize(
    ("namespace", "url_name", "active"),
    [
        ("organisations", "import_upload", "Imports"),
        ("organisations", "detail", "Organisations"),
        ("web", "audit_log", "Audit log"),
        ("web", "home", "Home"),
        ("ratings", "index", None),
    ],
)
def test_the_most_particular_entry_holding_the_page_is_marked(
    registry, namespace, url_name, active
):
    items = _items(_Signed(admin=True), namespace, url_name)
    assert [i["text"] for i in items if i["active"]] == ([active] if active else [])


def test_registering_an_entry_again_replaces_it(registry):
    navigation.register(NavEntry("Start", "web:home", order=0, namespace="web"))
    assert next(i["text"] for i in _items(_Signed(admin=False))) == "Start"
    assert len(navigation.entries()) == 4

"""The header navigation, built from what the signed-in user may do."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest
from django.urls import reverse

from accounts.access import scope_for
from accounts.permissions import can_manage_people, can_read_audit_log
from assessments.permissions import can_use_self_assessment
from organisations.permissions import can_import_organisations
from ratings.permissions import can_view_methodology


@dataclass(frozen=True)
class NavItem:
    text: str
    url_name: str
    section: str


def nav_items(request: HttpRequest) -> list[dict[str, object]]:
    # Requests refused before authentication (a bad Host header) have no user.
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return []
    items = [NavItem("Home", "core:home", "home")]
    if not scope_for(user).is_empty:
        items.append(NavItem("Organisations", "organisations:list", "organisations"))
    items.append(NavItem("Programmes", "programmes:list", "programmes"))
    if can_view_methodology(user):
        items.append(NavItem("QCPM ratings", "ratings:index", "ratings"))
    if can_use_self_assessment(user):
        items.append(NavItem("Self-assessment", "assessments:index", "assessments"))
    if can_import_organisations(user):
        items.append(NavItem("Imports", "organisations:import_upload", "imports"))
    if can_manage_people(user):
        items.append(NavItem("People", "accounts:people", "people"))
    if can_read_audit_log(user):
        items.append(NavItem("Audit log", "core:audit_log", "audit"))
    section = getattr(request.resolver_match, "namespace", "") if request.resolver_match else ""
    current = _section_for(request, section)
    return [
        {"text": item.text, "href": reverse(item.url_name), "active": item.section == current}
        for item in items
    ]


def _section_for(request: HttpRequest, namespace: str) -> str:
    name = request.resolver_match.url_name if request.resolver_match else ""
    if namespace == "organisations" and name and name.startswith("import"):
        return "imports"
    if namespace == "accounts" and name and name.startswith(("people", "person", "membership")):
        return "people"
    if namespace == "core" and name == "audit_log":
        return "audit"
    if namespace == "core":
        return "home"
    return namespace

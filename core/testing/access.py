"""Access rules that drive the access matrix and the accessibility sweep.

Each app lists a rule for every one of its URL names in ``<app>/tests/access_rules.py``.
The matrix test finds every URL pattern by itself and fails when one has no rule, so a
new page cannot be left out of either test.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.apps import apps
from django.urls import URLPattern, URLResolver, get_resolver

# The persona world of the tests (access.testing.World); core cannot import it, so rules
# take it as any object with the records they need.
World = Any
Kwargs = Callable[[World], dict[str, Any]]


def _no_kwargs(world: World) -> dict[str, Any]:
    return {}


@dataclass(frozen=True)
class Rule:
    """Who may use one URL and how to build it.

    ``allowed`` personas get ``ok_status``; other signed-in personas get 404; anonymous
    visitors are sent to sign in unless they are allowed. ``foreign`` builds the URL for
    a record outside London (in the Midlands), which only a national persona and the
    ``foreign_allowed`` personas (the Midlands' own) may reach: 404 for the rest; a POST
    whose record is named in its data rather than its URL gives ``foreign_data`` too.
    ``status_for`` overrides the expected status for particular personas.
    """

    allowed: frozenset[str]
    kwargs: Kwargs = _no_kwargs
    foreign: Kwargs | None = None
    foreign_allowed: frozenset[str] = frozenset()
    foreign_data: Callable[[World], dict[str, Any]] | None = None
    method: str = "GET"
    ok_status: int = 200
    data: Callable[[World], dict[str, Any]] | None = None
    status_for: Mapping[str, int] = field(default_factory=dict)
    sweep: bool = True
    query: str = ""


NATIONAL_PERSONAS = frozenset({"admin"})


def url_names() -> list[str]:
    """Every named URL pattern of the project, as ``namespace:name``."""
    names: list[str] = []

    def walk(patterns: list[Any], prefix: str) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                namespace = f"{prefix}{pattern.namespace}:" if pattern.namespace else prefix
                walk(pattern.url_patterns, namespace)
            elif isinstance(pattern, URLPattern) and pattern.name:
                names.append(prefix + pattern.name)

    walk(get_resolver().url_patterns, "")
    return sorted(set(names))


def all_rules() -> dict[str, Rule]:
    """Rules gathered from every local app's ``tests/access_rules.py``."""
    rules: dict[str, Rule] = {}
    for config in apps.get_app_configs():
        if Path(config.path).parent != _project_root():
            continue  # a third-party app
        try:
            module = importlib.import_module(f"{config.name}.tests.access_rules")
        except ModuleNotFoundError as error:
            if error.name in {f"{config.name}.tests.access_rules", f"{config.name}.tests"}:
                continue
            raise
        for name, rule in module.RULES.items():
            if name in rules:
                raise AssertionError(f"{name} has rules in two apps")
            rules[name] = rule
    return rules


def _project_root() -> Path:
    from django.conf import settings

    return Path(settings.BASE_DIR)

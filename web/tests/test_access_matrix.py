"""Every URL, for every persona and for an anonymous visitor, answers as its rule says."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlparse

import pytest
from django.conf import settings
from django.http.response import HttpResponseBase
from django.test import Client
from django.urls import reverse

from access.testing import ANONYMOUS, EVERYONE, SIGNED_IN, World
from core.testing.access import NATIONAL_PERSONAS, all_rules, url_names

RULES = all_rules()


def test_every_url_pattern_has_an_access_rule() -> None:
    missing = [name for name in url_names() if name not in RULES]
    assert not missing, f"Add access rules (in <app>/tests/access_rules.py) for: {missing}"


def test_no_rule_names_a_url_that_does_not_exist() -> None:
    stale = sorted(set(RULES) - set(url_names()))
    assert not stale, f"Rules for URLs that no longer exist: {stale}"


def _expected(rule_name: str, persona: str) -> int | str:
    rule = RULES[rule_name]
    if persona in rule.status_for:
        return rule.status_for[persona]
    if persona in rule.allowed:
        return rule.ok_status
    if persona == ANONYMOUS:
        return "sign-in"
    return 404


def _call(
    client: Client, rule_name: str, url: str, world: World, *, foreign: bool = False
) -> HttpResponseBase:
    rule = RULES[rule_name]
    if rule.method == "POST":
        data = rule.foreign_data if foreign and rule.foreign_data else rule.data
        return client.post(url, data(world) if data else {})
    return client.get(url + rule.query)


@pytest.mark.parametrize("name", sorted(RULES))
def test_each_persona_gets_what_the_rule_allows(
    name: str, world: World, client_for: Callable[[str], Client]
) -> None:
    rule = RULES[name]
    url = reverse(name, kwargs=rule.kwargs(world) or None)
    failures = []
    # Denied personas go first, while the record still exists: their 404 then proves the
    # permission check, not a record that an allowed persona's POST already removed.
    for persona in sorted(EVERYONE, key=lambda p: (_expected(name, p) == rule.ok_status, p)):
        response = _call(client_for(persona), name, url, world)
        expected = _expected(name, persona)
        if expected == "sign-in":
            location = urlparse(response.get("Location", "")).path
            ok = response.status_code == 302 and location == reverse(settings.LOGIN_URL)
        else:
            ok = response.status_code == expected
        if not ok:
            failures.append(f"{persona}: expected {expected}, got {response.status_code}")
    assert not failures, f"{name} ({url}): " + "; ".join(failures)


FOREIGN = sorted(name for name, rule in RULES.items() if rule.foreign is not None)


@pytest.mark.parametrize("name", FOREIGN)
def test_records_of_another_region_are_not_found(
    name: str, world: World, client_for: Callable[[str], Client]
) -> None:
    rule = RULES[name]
    assert rule.foreign is not None
    url = reverse(name, kwargs=rule.foreign(world))
    failures = []
    # Refused personas go first, as above; the other region's own personas reach it.
    reach = NATIONAL_PERSONAS | rule.foreign_allowed
    personas = SIGNED_IN & (rule.allowed | rule.foreign_allowed)
    for persona in sorted(personas, key=lambda p: (p in reach, p)):
        status = _call(client_for(persona), name, url, world, foreign=True).status_code
        expected = rule.ok_status if persona in reach else 404
        if status != expected:
            failures.append(f"{persona}: expected {expected}, got {status}")
    assert not failures, f"{name} ({url}): " + "; ".join(failures)

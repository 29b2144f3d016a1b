"""The versioned-definition rule: frozen when its test says so, with its reason; clones copy
the named fields. Taking a definition for an edit is tested on the real ones (methodologies
in ratings, framework versions in assessments)."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from core.versioning import Freezing, copied


def test_a_definition_is_frozen_when_its_rule_says_so_and_says_why() -> None:
    rule: Freezing[Any] = Freezing(
        model=object,  # no row is taken in this test
        frozen_when=lambda d: d.used,
        because=lambda d: f"{d.code} is in use: clone it",
    )

    assert rule.is_frozen(SimpleNamespace(used=True, code="QF1"))
    assert not rule.is_frozen(SimpleNamespace(used=False, code="QF2"))
    assert rule.reason(SimpleNamespace(used=True, code="QF1")) == "QF1 is in use: clone it"


def test_a_clone_copies_exactly_the_named_fields() -> None:
    source = SimpleNamespace(text="Is induction given?", guidance="", weight=3, pk=9)

    assert copied(source, ("text", "weight")) == {"text": "Is induction given?", "weight": 3}  # type: ignore[arg-type]  # a stand-in row

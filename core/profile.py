"""The sections of an organisation's page, handed up by the apps that know about them.

The organisations app draws an organisation's page but sits below programmes, access and the
processes, so it cannot ask them for their part. Each app registers a ``ProfileSection`` in
its ``AppConfig.ready()``: a template and a function that returns the section's data for one
viewer and one organisation, or None when the section does not apply or the viewer may not
see it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from core.people import Person


@dataclass(frozen=True)
class ProfileSection:
    name: str
    template: str
    data: Callable[[Any, Any], dict[str, Any] | None]
    order: int = 100


_sections: dict[str, ProfileSection] = {}


def register(section: ProfileSection) -> None:
    """Add (or replace, by name) a section of the organisation page."""
    _sections[section.name] = section


def sections_for(user: Person, organisation: Any) -> list[tuple[str, dict[str, Any]]]:
    """(template, data) for each section this viewer sees of this organisation, in order."""
    shown = []
    for section in sorted(_sections.values(), key=lambda s: (s.order, s.name)):
        data = section.data(user, organisation)
        if data is not None:
            shown.append((section.template, data))
    return shown

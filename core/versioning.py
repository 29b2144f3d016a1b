"""Versioned definitions: frozen once something depends on them, cloned to change.

A QCPM methodology is frozen once ratings computed with it are published; a self-assessment
framework version once a campaign uses it. Either way the rule has the same three parts,
declared once per definition as a ``Freezing``: when it is frozen, the sentence that says
why (and what to do instead), and taking the row for an edit (locked for the rest of the
transaction, refused when frozen). A clone copies the definition's fields with ``copied``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models


@dataclass(frozen=True)
class Freezing[M: models.Model]:
    """When a definition of ``model`` stops changing, and why."""

    model: type[M]
    frozen_when: Callable[[M], bool]
    because: Callable[[M], str]

    def is_frozen(self, definition: M) -> bool:
        return self.frozen_when(definition)

    def reason(self, definition: M) -> str:
        return self.because(definition)

    def editable(self, pk: Any) -> M:
        """The definition, locked for the rest of the transaction; refused when frozen."""
        locked = self.model._default_manager.select_for_update().get(pk=pk)
        if self.frozen_when(locked):
            raise ValidationError(self.because(locked))
        return locked


def copied(source: models.Model, names: Iterable[str]) -> dict[str, Any]:
    """The values of these fields of ``source``, to create its clone with."""
    return {name: getattr(source, name) for name in names}

"""Idempotent loading of reference data: records are matched on stable codes."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class LoadSummary:
    """What a reference-data load created, updated and left alone."""

    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: int = 0

    def line(self, noun: str) -> str:
        return (
            f"{noun}: {len(self.created)} created, {len(self.updated)} updated, "
            f"{self.unchanged} unchanged"
        )


def upsert(model: Any, lookup: dict[str, Any], values: dict[str, Any], summary: LoadSummary) -> Any:
    """Create or update the record matching ``lookup``; count what happened in ``summary``."""
    instance = model.objects.filter(**lookup).first()
    if instance is None:
        instance = model(**lookup, **values)
        instance.full_clean()
        instance.save()
        summary.created.append(str(instance))
        return instance
    changed = [name for name, value in values.items() if getattr(instance, name) != value]
    if changed:
        for name in changed:
            setattr(instance, name, values[name])
        instance.full_clean()
        instance.save(update_fields=changed)
        summary.updated.append(str(instance))
    else:
        summary.unchanged += 1
    return instance

"""Idempotent loading of reference data: records are matched on stable codes."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Model


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


@dataclass(frozen=True)
class Loader:
    """One app's reference data: what it is called, how to load it, in which order (a
    loader comes after those its records point to)."""

    label: str
    load: Callable[..., LoadSummary]
    order: int


_loaders: dict[str, Loader] = {}


def register_loader(label: str, load: Callable[..., LoadSummary], *, order: int) -> None:
    """Apps hand their reference-data loader up here when they are ready."""
    _loaders[label] = Loader(label, load, order)


def loaders() -> list[Loader]:
    return sorted(_loaders.values(), key=lambda loader: loader.order)


def _differs(instance: Model, name: str, value: Any) -> bool:
    """Whether the stored value differs; a foreign key is compared by its id, so checking
    an unchanged record does not fetch the record it points to."""
    field = instance._meta.get_field(name)
    if field.many_to_one or field.one_to_one:
        wanted = value.pk if isinstance(value, Model) else value
        # A relation's id column is its attname (a reverse relation never reaches here).
        attname = getattr(field, "attname", name)
        return bool(getattr(instance, attname) != wanted)
    return bool(getattr(instance, name) != value)


def upsert(model: Any, lookup: dict[str, Any], values: dict[str, Any], summary: LoadSummary) -> Any:
    """Create or update the record matching ``lookup``; count what happened in ``summary``."""
    instance = model.objects.filter(**lookup).first()
    if instance is None:
        instance = model(**lookup, **values)
        instance.full_clean()
        instance.save()
        summary.created.append(str(instance))
        return instance
    changed = [name for name, value in values.items() if _differs(instance, name, value)]
    if changed:
        for name in changed:
            setattr(instance, name, values[name])
        instance.full_clean()
        instance.save(update_fields=changed)
        summary.updated.append(str(instance))
    else:
        summary.unchanged += 1
    return instance

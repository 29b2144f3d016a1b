"""Audit trail helpers: who did it, in every service, whether called by a view or a command.

Changes to registered models are recorded by django-auditlog with before and after values.
``acting_as`` names the actor (and optional context such as the import file) for every
change made inside it, and restores the outer context afterwards, so a service called
from a request (where auditlog's middleware already set the actor) nests cleanly.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from auditlog.context import auditlog_value, set_extra_data
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Model

from core.people import Actor

# Context named by enclosing ``acting_as`` blocks (such as the import file), so a service
# called inside an import still records which file it came from.
_outer_context: ContextVar[dict[str, Any]] = ContextVar("audit_context", default={})  # noqa: B039


_REQUEST_KEYS = ("remote_addr", "remote_port")


@contextmanager
def acting_as(user: Actor, **context: Any) -> Iterator[None]:
    """Record ``user`` (None for the system) as the actor of every change inside."""
    actor = user if user is not None and getattr(user, "is_authenticated", False) else None
    context = {**_outer_context.get(), **context}
    data: dict[str, Any] = {"actor": actor}
    if context:
        data["additional_data"] = context
    outer = auditlog_value.get(None)
    # Where the request came from (set by core.middleware for the whole request) stays on
    # every entry made inside; the system's own work has no address.
    for key in _REQUEST_KEYS:
        if outer is not None and outer.get(key) is not None:
            data[key] = outer[key]
    token = _outer_context.set(context)
    try:
        with set_extra_data(context_data=data):
            yield
    finally:
        _outer_context.reset(token)
        if outer is not None:
            auditlog_value.set(outer)


def register(
    model: type[Model], *, exclude: tuple[str, ...] = (), m2m: tuple[str, ...] = ()
) -> None:
    """Track a model's own fields with auditlog (not reverse relations, not timestamps), and
    the many-to-many fields named in ``m2m`` (an entry for each set of records added or
    removed)."""
    from auditlog.registry import auditlog

    noise = [
        f.name
        for f in model._meta.get_fields()
        if (f.auto_created and not f.concrete) or f.name in {"updated_at", *exclude}
    ]
    auditlog.register(model, exclude_fields=noise, m2m_fields=set(m2m))


def _field_label(entry: Any, field_name: str) -> str:
    model = entry.content_type.model_class()
    try:
        return str(model._meta.get_field(field_name).verbose_name).capitalize()
    except (AttributeError, FieldDoesNotExist):
        return field_name.replace("_", " ").capitalize()


def entry_changes(entry: Any) -> list[dict[str, str]]:
    """An audit entry's changed fields as readable label, before and after ("" if none)."""
    rows = []
    for field_name, values in (entry.changes or {}).items():
        if isinstance(values, list) and len(values) == 2:
            before, after = (str(value) for value in values)
        elif isinstance(values, dict) and values.get("type") == "m2m":
            # A many-to-many change: which records were added or removed.
            names = ", ".join(str(name) for name in values.get("objects", []))
            before, after = "", f"{str(values.get('operation', 'changed')).capitalize()}: {names}"
        else:
            before, after = "", str(values)
        if before == "None":
            before = ""
        rows.append({"field": _field_label(entry, field_name), "before": before, "after": after})
    return rows


def actor_name(entry: Any) -> str:
    """Who made the change: their name, the e-mail recorded then, or the system."""
    if entry.actor is not None:
        return str(entry.actor.full_name)
    return str(entry.actor_email or "System")

"""An item's history as people read it: opened, then every step with who, when and why."""

from __future__ import annotations

from typing import Any

from auditlog.models import LogEntry

from core.audit import actor_name
from register.models import ItemStatus, QualityItem
from register.workflow import STEPS


def _what(entry: LogEntry) -> str | None:
    data = entry.additional_data if isinstance(entry.additional_data, dict) else {}
    step = data.get("transition")
    if step in STEPS:
        before, after = ItemStatus(data["from"]).label, ItemStatus(data["to"]).label
        return f"{STEPS[step].label}: from {before.lower()} to {after.lower()}"
    if entry.action == LogEntry.Action.CREATE:
        return "Opened"
    return None


def item_history(item: QualityItem) -> list[dict[str, Any]]:
    """Opened and each step, oldest first (other changes to the record are left out)."""
    rows = []
    entries = (
        LogEntry.objects.get_for_object(item).select_related("actor").order_by("timestamp", "pk")
    )
    for entry in entries:
        what = _what(entry)
        if what is None:
            continue
        data = entry.additional_data if isinstance(entry.additional_data, dict) else {}
        rows.append(
            {
                "when": entry.timestamp,
                "who": actor_name(entry),
                "what": what,
                "text": str(data.get("evidence") or data.get("reason") or ""),
            }
        )
    return rows

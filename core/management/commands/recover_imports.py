"""Mark failed every running import whose worker stopped (its heartbeat is too old), so it
can be confirmed again. Safe to run at any time, for example every few minutes."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from core.imports.recovery import HEARTBEAT_TIMEOUT, recover_stale_runs


class Command(BaseCommand):
    help = (
        "Mark failed the running imports whose worker has not been heard from for "
        f"{int(HEARTBEAT_TIMEOUT.total_seconds() // 60)} minutes; nothing they began was kept."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        count = recover_stale_runs()
        self.stdout.write(f"Recovered {count} stopped {'import' if count == 1 else 'imports'}.")

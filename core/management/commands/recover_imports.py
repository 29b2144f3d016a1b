"""Mark failed every import whose worker or task has gone, so it can be confirmed again, and
remove the files a killed process left behind. Safe to run at any time; the worker does the
same every half-minute."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from core.imports.cleanup import sweep_left_files
from core.imports.recovery import HEARTBEAT_TIMEOUT, recover_stale_runs


class Command(BaseCommand):
    help = (
        "Mark failed the imports whose worker has not been heard from for "
        f"{int(HEARTBEAT_TIMEOUT.total_seconds())} seconds or whose task has gone (nothing "
        "they began was kept), and remove left-over upload files."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        count = recover_stale_runs()
        self.stdout.write(f"Recovered {count} stopped {'import' if count == 1 else 'imports'}.")
        files = sweep_left_files()
        if files:
            noun = "file" if files == 1 else "files"
            self.stdout.write(f"Removed {files} left-over upload {noun}.")

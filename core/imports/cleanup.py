"""Files left behind by a process that was killed: swept away by the worker's upkeep and by
``manage.py recover_imports``.

Two kinds: the files Django spools a large upload to while a request reads it (in
``FILE_UPLOAD_TEMP_DIR``, a folder of their own; Django removes them when the request ends,
unless the process is killed first), and stored copies of import files that no run points at
(a process killed between storing a preview's file and saving its run). Only files older than
``LEFT_FOR`` are touched, so nothing a request or a preview is still using goes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

from django.conf import settings

from core import clock
from core.imports.importer import importers

LEFT_FOR = dt.timedelta(hours=1)


def _files(folder: Path) -> Iterator[Path]:
    if folder.is_dir():
        yield from (path for path in folder.rglob("*") if path.is_file())


def _older(path: Path, cutoff: float) -> bool:
    try:
        return path.stat().st_mtime < cutoff
    except FileNotFoundError:
        return False


def _remove(path: Path) -> int:
    try:
        path.unlink()
    except FileNotFoundError:
        return 0
    return 1


def sweep_left_files(*, now: dt.datetime | None = None) -> int:
    """Remove left-over upload spool files and unreferenced stored import files; how many."""
    cutoff = ((now or clock.now()) - LEFT_FOR).timestamp()
    removed = 0
    if settings.FILE_UPLOAD_TEMP_DIR:
        for path in _files(Path(settings.FILE_UPLOAD_TEMP_DIR)):
            if _older(path, cutoff):
                removed += _remove(path)
    media = Path(settings.MEDIA_ROOT)
    folders: set[str] = set()
    kept: set[str] = set()
    for importer in importers():
        model = importer.run_model
        # The fixed part of the folder, before any date in it ("imports" of "imports/%Y/%m").
        folders.add(model.upload_folder.split("%", 1)[0].strip("/"))
        kept.update(model._default_manager.exclude(file="").values_list("file", flat=True))
    for folder in sorted(name for name in folders if name):
        for path in _files(media / folder):
            if path.relative_to(media).as_posix() not in kept and _older(path, cutoff):
                removed += _remove(path)
    return removed

from pathlib import Path

from django.apps import AppConfig
from django.conf import settings


class CoreConfig(AppConfig):
    """Shared pieces: audit, exports, base templates, demo data."""

    name = "core"
    verbose_name = "Core"

    def ready(self) -> None:
        # Large uploads are spooled here (FILE_UPLOAD_TEMP_DIR); a folder of their own lets the
        # import recovery sweep away what a killed process left without touching anything else.
        if settings.FILE_UPLOAD_TEMP_DIR:
            Path(settings.FILE_UPLOAD_TEMP_DIR).mkdir(parents=True, exist_ok=True)

"""KpiImport becomes a run of the shared import pipeline (core.imports.models.ImportRunBase).

No field is renamed, so every import keeps its data: the heartbeat a background import
moves on is added, and the file is stored by the pipeline's path function (still under
kpi-imports/) with room for a 255-character path.
"""

import core.imports.models
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("ratings", "0005_round_approved_early_because"),
    ]

    operations = [
        migrations.AddField(
            model_name="kpiimport",
            name="heartbeat_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AlterField(
            model_name="kpiimport",
            name="file",
            field=models.FileField(
                blank=True, max_length=255, upload_to=core.imports.models.stored_file_path
            ),
        ),
    ]

"""ImportRun becomes a run of the shared import pipeline (core.imports.models.ImportRunBase).

The two fields that only had other names are renamed, so every run keeps its data; the new
fields (progress, finish time, heartbeat) are added with their defaults.
"""

import core.imports.models
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("organisations", "0002_importrun_file_importrun_status"),
    ]

    operations = [
        migrations.RenameField(
            model_name="importrun", old_name="imported_by", new_name="uploaded_by"
        ),
        migrations.RenameField(
            model_name="importrun", old_name="imported_at", new_name="uploaded_at"
        ),
        migrations.AlterModelOptions(name="importrun", options={"ordering": ["-uploaded_at"]}),
        migrations.AddField(
            model_name="importrun",
            name="finished_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="importrun",
            name="heartbeat_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="importrun",
            name="rows_done",
            field=models.PositiveIntegerField(default=0),
        ),
        migrations.AddField(
            model_name="importrun",
            name="rows_total",
            field=models.PositiveIntegerField(default=0),
        ),
        migrations.AlterField(
            model_name="importrun",
            name="file",
            field=models.FileField(
                blank=True, max_length=255, upload_to=core.imports.models.stored_file_path
            ),
        ),
        migrations.AlterField(
            model_name="importrun",
            name="status",
            field=models.CharField(
                choices=[
                    ("previewed", "Waiting for confirmation"),
                    ("queued", "Waiting to be imported"),
                    ("running", "Importing"),
                    ("imported", "Imported"),
                    ("failed", "Failed"),
                ],
                default="previewed",
                max_length=16,
            ),
        ),
        migrations.AlterField(
            model_name="importrun",
            name="summary",
            field=models.JSONField(blank=True, default=dict),
        ),
    ]

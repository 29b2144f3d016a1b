"""An imported run's time of import was kept in ``imported_at`` (now ``uploaded_at``): copy
it into ``finished_at``, where the pipeline keeps it, and its row count into the progress."""

from django.db import migrations


def finish_imported_runs(apps, schema_editor):
    ImportRun = apps.get_model("organisations", "ImportRun")
    for run in ImportRun.objects.filter(status="imported", finished_at__isnull=True):
        run.finished_at = run.uploaded_at
        rows = (run.summary or {}).get("rows", 0)
        run.rows_total = run.rows_done = rows if isinstance(rows, int) and rows >= 0 else 0
        run.save(update_fields=["finished_at", "rows_total", "rows_done"])


class Migration(migrations.Migration):
    dependencies = [
        ("organisations", "0003_importrun_on_the_import_pipeline"),
    ]

    operations = [
        migrations.RunPython(finish_imported_runs, migrations.RunPython.noop),
    ]

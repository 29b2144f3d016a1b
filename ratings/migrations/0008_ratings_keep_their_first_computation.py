"""Every rating computed before computations were kept gets one: the computation it holds now
(its band, score and coverage, when it was computed), so its history starts there."""

from typing import Any

from django.db import migrations

BATCH = 2000


def first_computations(apps: Any, schema_editor: Any) -> None:
    rating_model = apps.get_model("ratings", "Rating")
    computation_model = apps.get_model("ratings", "RatingComputation")
    done = set(computation_model.objects.values_list("rating_id", flat=True).distinct())
    batch = []
    rows = rating_model.objects.order_by("pk").values_list(
        "pk", "computed_at", "band", "score", "coverage"
    )
    for pk, computed_at, band, score, coverage in rows.iterator(chunk_size=BATCH):
        if pk in done:
            continue
        batch.append(
            computation_model(
                rating_id=pk, computed_at=computed_at, band=band, score=score, coverage=coverage
            )
        )
        if len(batch) >= BATCH:
            computation_model.objects.bulk_create(batch)
            batch = []
    computation_model.objects.bulk_create(batch)


class Migration(migrations.Migration):
    dependencies = [
        ("ratings", "0007_rating_computations_and_stale_ratings"),
    ]

    operations = [
        migrations.RunPython(first_computations, migrations.RunPython.noop, elidable=True),
    ]

"""Each computation of a rating is kept (RatingComputation), so a recompute can keep the
rating itself; and the programmes whose KPI values an import changed after their year's
ratings were computed are listed (StaleRating) until they are recomputed."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("organisations", "0004_importrun_finished_when_imported"),
        ("programmes", "0001_initial"),
        ("ratings", "0006_kpiimport_on_the_import_pipeline"),
    ]

    operations = [
        migrations.CreateModel(
            name="RatingComputation",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("computed_at", models.DateTimeField()),
                (
                    "band",
                    models.CharField(
                        choices=[
                            ("red", "Red"),
                            ("low_amber", "Low Amber"),
                            ("high_amber", "High Amber"),
                            ("green", "Green"),
                            ("not_rated", "Not rated"),
                        ],
                        max_length=16,
                    ),
                ),
                (
                    "score",
                    models.DecimalField(blank=True, decimal_places=3, max_digits=5, null=True),
                ),
                (
                    "coverage",
                    models.DecimalField(blank=True, decimal_places=3, max_digits=4, null=True),
                ),
                (
                    "rating",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="computations",
                        to="ratings.rating",
                    ),
                ),
            ],
            options={
                "ordering": ["computed_at", "pk"],
            },
        ),
        migrations.CreateModel(
            name="StaleRating",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("academic_year", models.PositiveSmallIntegerField()),
                ("marked_at", models.DateTimeField()),
                (
                    "education_provider",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="organisations.organisation",
                    ),
                ),
                (
                    "kpi_import",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="ratings.kpiimport",
                    ),
                ),
                (
                    "programme",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="programmes.programme",
                    ),
                ),
            ],
            options={
                "ordering": ["academic_year", "pk"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("academic_year", "education_provider", "programme"),
                        name="ratings_stale_rating_unique",
                    )
                ],
            },
        ),
    ]

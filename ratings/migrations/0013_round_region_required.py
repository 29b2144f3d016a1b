"""Rating rounds belong to regions (step 3 of 3): every round now has its region, so it is
required, and a year has at most one round per region."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("ratings", "0012_split_national_rounds_by_region"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="ratinground",
            options={"ordering": ["-academic_year", "region__name"]},
        ),
        migrations.AlterField(
            model_name="ratinground",
            name="region",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="rating_rounds",
                to="organisations.region",
            ),
        ),
        migrations.AddConstraint(
            model_name="ratinground",
            constraint=models.UniqueConstraint(
                fields=("academic_year", "region"), name="ratings_one_round_per_region_and_year"
            ),
        ),
    ]

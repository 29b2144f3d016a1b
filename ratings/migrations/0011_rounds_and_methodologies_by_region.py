"""Rating rounds and methodologies belong to regions (step 1 of 3: the new columns).

A methodology gains the regions it covers and a round the region it belongs to, nullable
for now: 0008 splits every national round into one round per region, 0009 then requires
the region and allows one round per region and year (instead of one per year).
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("organisations", "0004_importrun_finished_when_imported"),
        ("ratings", "0010_kpiimport_checked_by_the_worker"),
    ]

    operations = [
        migrations.AddField(
            model_name="methodology",
            name="regions",
            field=models.ManyToManyField(
                blank=True, related_name="rating_methodologies", to="organisations.region"
            ),
        ),
        migrations.AddField(
            model_name="ratinground",
            name="region",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="rating_rounds",
                to="organisations.region",
            ),
        ),
        migrations.AlterField(
            model_name="ratinground",
            name="academic_year",
            field=models.PositiveSmallIntegerField(),
        ),
    ]

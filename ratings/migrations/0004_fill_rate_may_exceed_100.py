"""Recruitment against commissioned places (FILL) can pass 100%: say so on existing KPIs."""

from django.db import migrations


def allow(apps, schema_editor):
    apps.get_model("ratings", "Kpi").objects.filter(code="FILL").update(may_exceed_100=True)


def disallow(apps, schema_editor):
    apps.get_model("ratings", "Kpi").objects.filter(code="FILL").update(may_exceed_100=False)


class Migration(migrations.Migration):
    dependencies = [("ratings", "0003_kpi_may_exceed_100")]

    operations = [migrations.RunPython(allow, disallow)]

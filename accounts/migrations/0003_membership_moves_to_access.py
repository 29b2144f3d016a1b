# Memberships moved to the access app. The table stays where it is (access.Membership keeps
# db_table "accounts_membership"); only Django's record of which app owns it changes.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="Membership")],
            database_operations=[],
        ),
    ]

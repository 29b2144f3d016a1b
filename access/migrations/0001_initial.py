# Memberships moved here from accounts: the existing table is taken over as it is, and the
# audit trail's content type follows the model so earlier entries still name it.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def content_type_follows(apps, schema_editor):
    content_type = apps.get_model("contenttypes", "ContentType")
    if not content_type.objects.filter(app_label="access", model="membership").exists():
        content_type.objects.filter(app_label="accounts", model="membership").update(
            app_label="access"
        )


def content_type_goes_back(apps, schema_editor):
    content_type = apps.get_model("contenttypes", "ContentType")
    if not content_type.objects.filter(app_label="accounts", model="membership").exists():
        content_type.objects.filter(app_label="access", model="membership").update(
            app_label="accounts"
        )


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("accounts", "0003_membership_moves_to_access"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("organisations", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Membership",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "role",
                            models.CharField(
                                choices=[
                                    ("quality_admin", "Quality administrator"),
                                    ("regional_lead", "Regional quality lead"),
                                    ("contract_manager", "Contract manager"),
                                    ("ep_lead", "Education provider lead"),
                                    ("pp_contributor", "Placement provider contributor"),
                                    ("pp_executive", "Executive signatory"),
                                    ("panel_member", "Review panel member"),
                                ],
                                max_length=32,
                            ),
                        ),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        (
                            "created_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "organisation",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="memberships",
                                to="organisations.organisation",
                            ),
                        ),
                        (
                            "user",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="memberships",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "db_table": "accounts_membership",
                        "ordering": ["organisation__name", "role"],
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("user", "organisation", "role"),
                                name="accounts_membership_unique",
                            )
                        ],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(content_type_follows, content_type_goes_back),
    ]

# API tokens made for their purpose (marac.tokens), service accounts, and the end of DRF's clear-text tokens.

import django.contrib.postgres.fields
import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

# DRF's tokens (rest_framework.authtoken, no longer installed) kept their keys in clear, and the admin's
# history (django_admin_log) named each one by its key. Both go, where the tables exist: every old token stops
# working, and its key is no longer stored anywhere. Clients move to the new tokens (Bearer, hashed).
DELETE_OLD_TOKENS = """
DO $$
BEGIN
    IF to_regclass('authtoken_token') IS NOT NULL THEN
        DELETE FROM authtoken_token;
    END IF;
    IF to_regclass('django_admin_log') IS NOT NULL AND to_regclass('django_content_type') IS NOT NULL THEN
        DELETE FROM django_admin_log WHERE content_type_id IN (
            SELECT id FROM django_content_type WHERE app_label = 'authtoken'
        );
    END IF;
END
$$;
"""


class Migration(migrations.Migration):
    dependencies = [
        ("marac", "0007_sign_in_throttle"),
    ]

    operations = [
        migrations.AddField(
            model_name="user",
            name="is_service_account",
            field=models.BooleanField(
                default=False,
                help_text="An agency system's account: it uses the API only, with tokens its agency's representative issues",
            ),
        ),
        migrations.CreateModel(
            name="ApiToken",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "name",
                    models.CharField(
                        help_text="What the token is for, so that its owner recognises it", max_length=100
                    ),
                ),
                (
                    "key_prefix",
                    models.CharField(help_text="The first characters of the secret, to recognise it", max_length=8),
                ),
                ("key_hash", models.CharField(editable=False, max_length=64, unique=True)),
                (
                    "scopes",
                    django.contrib.postgres.fields.ArrayField(
                        base_field=models.CharField(
                            choices=[
                                ("referrals:submit", "Submit referrals"),
                                ("referrals:read", "Read your agency's referrals"),
                                ("meetings:read", "Read meetings and agendas"),
                                ("meetings:update", "Circulate agendas and record attendance (coordinators)"),
                                ("research:read", "Read research on agenda cases"),
                                ("actions:read", "Read actions"),
                                ("actions:update", "Add updates to actions"),
                                ("governance:read", "Read governance figures (no personal data)"),
                            ],
                            max_length=32,
                        ),
                        size=None,
                    ),
                ),
                ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
                ("expires_at", models.DateTimeField()),
                ("last_used_at", models.DateTimeField(blank=True, null=True)),
                ("revoked_at", models.DateTimeField(blank=True, null=True)),
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
                    "owner",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="api_tokens",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "revoked_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "API token",
                "ordering": ["-created_at", "-id"],
                "indexes": [models.Index(fields=["owner", "revoked_at"], name="apitoken_owner_revoked")],
            },
        ),
        migrations.RunSQL(DELETE_OLD_TOKENS, reverse_sql=migrations.RunSQL.noop),
    ]

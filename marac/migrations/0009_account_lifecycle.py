# Accounts over their life (marac.accounts): invitations (each the outbox row of its email) and each agency's
# quarterly review of who still needs access.

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("marac", "0008_api_tokens"),
    ]

    operations = [
        migrations.CreateModel(
            name="AccountReview",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("quarter", models.CharField(help_text="The quarter reviewed, like 2026-Q4", max_length=7)),
                ("confirmed_at", models.DateTimeField(default=django.utils.timezone.now)),
                (
                    "agency",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT, related_name="account_reviews", to="marac.agency"
                    ),
                ),
                (
                    "area",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="account_reviews",
                        to="marac.maracarea",
                    ),
                ),
                (
                    "confirmed_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT, related_name="+", to=settings.AUTH_USER_MODEL
                    ),
                ),
            ],
            options={
                "ordering": ["-quarter", "area__name"],
                "constraints": [
                    models.UniqueConstraint(fields=("agency", "area", "quarter"), name="account_review_once_a_quarter"),
                ],
            },
        ),
        migrations.CreateModel(
            name="AccountReviewDecision",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "decision",
                    models.CharField(choices=[("kept", "Still needs access"), ("left", "Has left")], max_length=4),
                ),
                (
                    "review",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="decisions",
                        to="marac.accountreview",
                    ),
                ),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT, related_name="+", to=settings.AUTH_USER_MODEL
                    ),
                ),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(fields=("review", "user"), name="account_review_decision_once"),
                ],
            },
        ),
        migrations.CreateModel(
            name="Invitation",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("email", models.EmailField(max_length=254)),
                ("full_name", models.CharField(max_length=200)),
                ("job_title", models.CharField(blank=True, max_length=200)),
                ("role", models.CharField(max_length=20)),
                ("token_hash", models.CharField(blank=True, max_length=64)),
                ("expires_at", models.DateTimeField()),
                ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
                ("email_sent_at", models.DateTimeField(blank=True, null=True)),
                ("accepted_at", models.DateTimeField(blank=True, null=True)),
                ("revoked_at", models.DateTimeField(blank=True, null=True)),
                (
                    "accepted_user",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "agency",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT, related_name="invitations", to="marac.agency"
                    ),
                ),
                (
                    "area",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT, related_name="invitations", to="marac.maracarea"
                    ),
                ),
                (
                    "invited_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT, related_name="+", to=settings.AUTH_USER_MODEL
                    ),
                ),
            ],
            options={
                "ordering": ["-created_at", "-id"],
                "constraints": [
                    models.UniqueConstraint(
                        condition=models.Q(("token_hash", ""), _negated=True),
                        fields=("token_hash",),
                        name="invitation_token_hash_unique",
                    ),
                ],
                "indexes": [
                    models.Index(
                        condition=models.Q(
                            ("accepted_at__isnull", True), ("email_sent_at__isnull", True), ("revoked_at__isnull", True)
                        ),
                        fields=["created_at"],
                        name="invitation_unsent",
                    ),
                    models.Index(fields=["area", "agency"], name="invitation_area_agency"),
                ],
            },
        ),
    ]

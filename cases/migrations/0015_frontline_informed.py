"""Feedback after a hearing: an agency records that its frontline staff were told of the outcome."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0014_meeting_cancellation"),
        ("marac", "0010_outbox"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="FrontlineInformed",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("recorded_at", models.DateTimeField(default=django.utils.timezone.now)),
                (
                    "agency",
                    models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="+", to="marac.agency"),
                ),
                (
                    "case",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="frontline_informed", to="cases.case"
                    ),
                ),
                (
                    "meeting",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT, related_name="+", to="cases.meeting"
                    ),
                ),
                (
                    "recorded_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT, related_name="+", to=settings.AUTH_USER_MODEL
                    ),
                ),
            ],
            options={
                "verbose_name": "frontline staff told of an outcome",
                "verbose_name_plural": "frontline staff told of outcomes",
                "constraints": [
                    models.UniqueConstraint(
                        fields=("case", "meeting", "agency"), name="frontline_informed_once_per_agency"
                    )
                ],
            },
        ),
    ]

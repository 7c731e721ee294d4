"""Keep the case's area on each action, filled from the cases, and index it.

"Actions in these areas" (every list, count and reminder sweep) becomes an
index range instead of a join through every case in the country.
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("actions", "0001_actions"),
        ("cases", "0007_minutes_read"),
        ("marac", "0006_minutes_due"),
    ]

    operations = [
        migrations.AddField(
            model_name="action",
            name="area",
            field=models.ForeignKey(
                null=True,
                editable=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="marac.maracarea",
            ),
        ),
        migrations.RunSQL(
            "UPDATE actions_action a SET area_id = c.area_id FROM cases_case c WHERE c.id = a.case_id",
            reverse_sql=migrations.RunSQL.noop,
        ),
        migrations.AlterField(
            model_name="action",
            name="area",
            field=models.ForeignKey(
                editable=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="marac.maracarea",
            ),
        ),
        migrations.AddIndex(
            model_name="action",
            index=models.Index(fields=["area", "status", "due_date"], name="action_area_status_due"),
        ),
        migrations.AddIndex(
            model_name="action",
            index=models.Index(fields=["area", "created_at"], name="action_area_created"),
        ),
    ]

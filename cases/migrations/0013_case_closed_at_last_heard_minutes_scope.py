"""When a case stopped being open, when it was last heard, and what each meeting's minutes carry.

The two case dates are filled from the status history (one UPDATE each): ``closed_at`` from the
change that closed or transferred out a case still closed or transferred out, ``last_heard_on``
from the date of the last meeting that heard it.
"""

from django.db import migrations, models

FILL_CLOSED_AT = """
UPDATE cases_case AS c SET closed_at = last.changed_at
FROM (
    SELECT case_id, MAX(changed_at) AS changed_at FROM cases_casestatuschange
    WHERE to_status IN ('closed', 'transferred_out') GROUP BY case_id
) AS last
WHERE last.case_id = c.id AND c.status IN ('closed', 'transferred_out')
"""

FILL_LAST_HEARD_ON = """
UPDATE cases_case AS c SET last_heard_on = last.heard_on
FROM (
    SELECT ch.case_id, MAX(m.date) AS heard_on FROM cases_casestatuschange AS ch
    JOIN cases_meeting AS m ON m.id = ch.meeting_id
    WHERE ch.to_status = 'heard' GROUP BY ch.case_id
) AS last
WHERE last.case_id = c.id
"""


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0012_case_status_history"),
    ]

    operations = [
        # (the fields are added first; the two UPDATEs at the end fill them)
        migrations.AddField(
            model_name="case",
            name="closed_at",
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name="case",
            name="last_heard_on",
            field=models.DateField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name="meeting",
            name="minutes_scope",
            field=models.CharField(
                choices=[
                    ("full", "Full minutes: what was shared, the decisions and the actions"),
                    ("actions", "Actions only: the action plan, without what was shared"),
                ],
                default="full",
                max_length=10,
            ),
        ),
        migrations.RunSQL(FILL_CLOSED_AT, migrations.RunSQL.noop),
        migrations.RunSQL(FILL_LAST_HEARD_ON, migrations.RunSQL.noop),
    ]

"""Person.area_ids: the areas of the cases a person is named in, for people search.

Kept by a trigger on cases_caseparty, so every way a person joins a case
(receiving a referral, a transfer, the admin, a bulk load) keeps it up to
date; it only ever grows (a superset is harmless: it narrows a search, the
visibility rule still decides). A GIN index on it and the trigram indexes on
the names combine in one BitmapAnd.
"""

import django.contrib.postgres.fields
import django.contrib.postgres.indexes
from django.db import migrations, models

TRIGGER = """
CREATE FUNCTION cases_person_add_area() RETURNS trigger AS $$
BEGIN
    UPDATE cases_person p
    SET area_ids = array_append(p.area_ids, c.area_id)
    FROM cases_case c
    WHERE c.id = NEW.case_id AND p.id = NEW.person_id AND NOT (c.area_id = ANY (p.area_ids));
    RETURN NULL;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER cases_caseparty_person_area
AFTER INSERT OR UPDATE OF case_id, person_id ON cases_caseparty
FOR EACH ROW EXECUTE FUNCTION cases_person_add_area();
"""

UNTRIGGER = """
DROP TRIGGER IF EXISTS cases_caseparty_person_area ON cases_caseparty;
DROP FUNCTION IF EXISTS cases_person_add_area();
"""

BACKFILL = """
UPDATE cases_person p SET area_ids = s.areas
FROM (
    SELECT cp.person_id, array_agg(DISTINCT c.area_id ORDER BY c.area_id) AS areas
    FROM cases_caseparty cp JOIN cases_case c ON c.id = cp.case_id
    GROUP BY cp.person_id
) s
WHERE s.person_id = p.id
"""


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0007_minutes_read"),
    ]

    operations = [
        migrations.AddField(
            model_name="person",
            name="area_ids",
            field=django.contrib.postgres.fields.ArrayField(
                base_field=models.BigIntegerField(), default=list, editable=False, size=None
            ),
        ),
        migrations.RunSQL(BACKFILL, reverse_sql=migrations.RunSQL.noop),
        migrations.RunSQL(TRIGGER, reverse_sql=UNTRIGGER),
        migrations.AddIndex(
            model_name="person",
            index=django.contrib.postgres.indexes.GinIndex(fields=["area_ids"], name="person_areas"),
        ),
    ]

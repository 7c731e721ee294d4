"""The coordinator's case list (cases.caselist): an index per sort (last heard, referred, reference) within
an area, a trigram index for searching by part of a reference, and a partial index of child parties."""

import django.contrib.postgres.indexes
import django.db.models.functions.text
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0015_frontline_informed"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="case",
            index=models.Index(
                models.F("area"),
                models.OrderBy(models.F("last_heard_on"), descending=True, nulls_last=True),
                models.OrderBy(models.F("id"), descending=True),
                name="case_area_heard",
            ),
        ),
        migrations.AddIndex(
            model_name="case",
            index=models.Index(fields=["area", "created_at", "id"], name="case_area_created"),
        ),
        migrations.AddIndex(
            model_name="case",
            index=models.Index(fields=["area", "reference"], name="case_area_reference"),
        ),
        migrations.AddIndex(
            model_name="case",
            index=django.contrib.postgres.indexes.GinIndex(
                django.contrib.postgres.indexes.OpClass(
                    django.db.models.functions.text.Upper("reference"), name="gin_trgm_ops"
                ),
                name="case_reference_trgm",
            ),
        ),
        migrations.AddIndex(
            model_name="caseparty",
            index=models.Index(condition=models.Q(("role", "child")), fields=["case"], name="case_party_child"),
        ),
    ]

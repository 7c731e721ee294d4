"""A note on each checklist answer, and the source of each answer as the published checklist asks
(the victim, a third party or a professional).

Sources were free text ("if not the victim"); what was typed is kept, moved into the note for that
question, since it cannot be told which of the three it was.
"""

from __future__ import annotations

from typing import Any

from django.db import migrations, models

SOURCES = {"victim", "third_party", "professional"}


def move_free_text_sources(apps: Any, schema_editor: Any) -> None:
    RiskChecklist = apps.get_model("cases", "RiskChecklist")
    for checklist in RiskChecklist.objects.exclude(sources={}).iterator():
        notes = dict(checklist.notes)
        sources = {}
        for qid, value in checklist.sources.items():
            if value in SOURCES:
                sources[qid] = value
            elif value:
                notes[qid] = f"Source of the answer: {value}" + (f"\n{notes[qid]}" if notes.get(qid) else "")
        checklist.sources, checklist.notes = sources, notes
        checklist.save(update_fields=["sources", "notes"])


class Migration(migrations.Migration):
    dependencies = [("cases", "0018_agenda_sent_cases")]

    operations = [
        migrations.AddField(
            model_name="riskchecklist",
            name="notes",
            field=models.JSONField(
                blank=True, default=dict, help_text="Question id -> the referrer's note on the answer"
            ),
        ),
        migrations.AlterField(
            model_name="riskchecklist",
            name="sources",
            field=models.JSONField(
                blank=True,
                default=dict,
                help_text="Question id -> who gave the answer: victim, third_party or professional",
            ),
        ),
        migrations.RunPython(move_free_text_sources, migrations.RunPython.noop),
    ]

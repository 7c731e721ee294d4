"""Drafts: text typed into a form and not yet saved, kept server-side for its writer only.

A draft is restored into its field after a reload or after signing in again (a session that ran out
mid-sentence loses nothing). It is deleted when its form is submitted and accepted, and after
``DRAFT_DAYS`` in any case (``marac.tasks.purge_drafts``). Nobody else ever reads it.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models

DRAFT_DAYS = 7
# The most drafts one person keeps: a new draft beyond it forgets their oldest, so a script (or a person with
# hundreds of forms open) cannot fill the database.
MAX_DRAFTS_PER_USER = 200


class Draft(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    page = models.CharField(max_length=300, help_text="The path of the page the form is on (no query string)")
    field = models.CharField(max_length=300, help_text="The form's address and the field's name")
    text = models.TextField()
    saved_at = models.DateTimeField(auto_now=True)

    class Meta:
        app_label = "marac"
        constraints: ClassVar = [models.UniqueConstraint(fields=["user", "page", "field"], name="draft_one_per_field")]
        indexes: ClassVar = [models.Index(fields=["saved_at"], name="draft_saved_at")]

    def __str__(self) -> str:
        return "A draft"

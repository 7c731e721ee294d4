"""Feedback after a hearing: an agency's record that its frontline staff were told of the outcome.

The referring practitioner and the keyworkers are emailed when the case is heard
(``cases.feedback.services``); the agencies at the table tell their own frontline staff,
and their representative records that they did, once per case, meeting and agency.
"""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.utils import timezone

from cases.models.meetings import Meeting
from cases.models.people import Case
from marac.models import Agency, User


class FrontlineInformed(models.Model):
    """An agency's representative recorded that the agency's frontline staff were told the outcome of
    ``case`` at ``meeting``. Written once (the constraint), never edited."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="frontline_informed")
    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="+")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "frontline staff told of an outcome"
        verbose_name_plural = "frontline staff told of outcomes"
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["case", "meeting", "agency"], name="frontline_informed_once_per_agency"),
        ]

    def __str__(self) -> str:
        return f"frontline told {self.pk} on case {self.case_id}"

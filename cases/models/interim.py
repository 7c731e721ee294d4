"""Work between referral and meeting for a case at immediate risk: the coordinator records interim safety
actions and urgent information sharing, which the chair sees at the meeting."""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.utils import timezone

from cases.models.meetings import AgendaItem
from marac.models import Agency, User


class InterimKind(models.TextChoices):
    SAFETY_ACTION = "safety_action", "Interim safety action"
    URGENT_SHARING = "urgent_sharing", "Urgent information sharing"


class InterimMeasure(models.Model):
    """What was done before the meeting for ``item``'s case, by or with ``agencies``, on ``done_on``."""

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="interim_measures")
    kind = models.CharField(max_length=20, choices=InterimKind.choices)
    text = models.TextField()
    agencies = models.ManyToManyField(Agency, related_name="+")
    done_on = models.DateField()
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering: ClassVar = ["done_on", "id"]

    def __str__(self) -> str:
        return self.get_kind_display()

"""Information shared at the meeting, structured by PPMT stage."""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.utils import timezone

from cases.models import AgendaItem
from marac.models import Agency, User

from .stages import PpmtStage


class SharedInformation(models.Model):
    """What an agency newly shared about a case at the meeting, under one PPMT stage."""

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="shared")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    stage = models.CharField(max_length=20, choices=PpmtStage.choices)
    text = models.TextField()
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering: ClassVar = ["item", "stage", "recorded_at", "id"]
        indexes: ClassVar = [models.Index(fields=["item", "stage"], name="shared_item_stage")]

    def __str__(self) -> str:
        return f"Shared at meeting: item {self.item_id}, {self.stage}"

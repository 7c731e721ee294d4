"""A case's links to other protective processes, as structured fields with dates.

MARAC is one process among several for the same family: child protection (an inter-agency referral
discussion), adult support and protection, MAPPA for the person causing harm, MATAC, a programme for the
person causing harm. The chair needs to see which run alongside the case, and governance counts them.
"""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.utils import timezone

from cases.models.people import Case
from marac.models import Agency, User


class Process(models.TextChoices):
    CHILD_PROTECTION = "child_protection", "Child protection: inter-agency referral discussion (IRD)"
    ADULT_PROTECTION = "adult_protection", "Adult support and protection"
    MAPPA = "mappa", "MAPPA (multi-agency public protection arrangements)"
    MATAC = "matac", "MATAC (multi-agency tasking and coordination)"
    PERPETRATOR_PROGRAMME = "perpetrator_programme", "A programme for the person causing harm"


class ProcessLink(models.Model):
    """``case`` is linked to ``process`` from ``started_on`` (until ``ended_on``, if it has ended)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="process_links")
    process = models.CharField(max_length=30, choices=Process.choices)
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    note = models.CharField(max_length=300, blank=True, help_text="For example the process's own reference")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1, help_text="Optimistic locking: bumped by every change")

    class Meta:
        ordering: ClassVar = ["-started_on", "-id"]
        indexes: ClassVar = [models.Index(fields=["case", "process"], name="process_link_case")]

    def __str__(self) -> str:
        return self.get_process_display()

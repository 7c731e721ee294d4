"""Cases moving between MARAC areas when a victim moves."""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.utils import timezone

from cases.models.people import Case
from marac.models import MaracArea, User


class TransferStatus(models.TextChoices):
    PENDING = "pending", "Waiting for the receiving MARAC"
    ACCEPTED = "accepted", "Accepted"
    WITHDRAWN = "withdrawn", "Withdrawn"


class CaseTransfer(models.Model):
    """A case sent from one MARAC area to another.

    On acceptance the receiving area opens its own case for the victim (with
    its own reference) that records where it came from; the sending area's
    case is marked transferred out. Both areas' coordinators can read the
    sending case's history.
    """

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="transfers_out")
    from_area = models.ForeignKey(MaracArea, on_delete=models.PROTECT, related_name="+")
    to_area = models.ForeignKey(MaracArea, on_delete=models.PROTECT, related_name="transfers_in")
    note = models.TextField(help_text="Why the case is moving and what the receiving MARAC needs to know")
    status = models.CharField(max_length=20, choices=TransferStatus.choices, default=TransferStatus.PENDING)
    requested_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(default=timezone.now)
    accepted_by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    accepted_at = models.DateTimeField(null=True, blank=True)
    new_case = models.OneToOneField(
        Case, on_delete=models.PROTECT, null=True, blank=True, related_name="transferred_in_from"
    )

    class Meta:
        ordering: ClassVar = ["-requested_at"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["case"], condition=models.Q(status="pending"), name="one_pending_transfer_per_case"
            ),
        ]
        indexes: ClassVar = [models.Index(fields=["to_area", "status"], name="transfer_to_status")]

    def __str__(self) -> str:
        return f"Transfer of case {self.case_id} to area {self.to_area_id}"

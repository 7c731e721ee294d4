"""The history of a case's status: every change, who made it, why, and what caused it.

The status itself is ``Case.status``; it is written only by ``cases.status.services.case_status_change``,
which adds one row here in the same transaction.
"""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.utils import timezone

from cases.models.meetings import Meeting
from cases.models.people import Case, CaseStatus
from cases.models.referrals import Referral
from marac.models import User


class CloseReason(models.TextChoices):
    """Why the coordinator or chair closed a case (the choices on "Close this case")."""

    PLAN_COMPLETE = "plan_complete", "The action plan is complete"
    MOVED_AWAY = "moved_away", "The survivor has moved away"
    TRANSFERRED = "transferred", "Transferred to another service"
    NO_FURTHER_ROLE = "no_further_role", "No further role for the MARAC"
    OTHER = "other", "Another reason"


class StatusReason(models.TextChoices):
    """Every reason a status changes: the closing reasons, and what the services record themselves."""

    PLAN_COMPLETE = CloseReason.PLAN_COMPLETE.value, CloseReason.PLAN_COMPLETE.label
    MOVED_AWAY = CloseReason.MOVED_AWAY.value, CloseReason.MOVED_AWAY.label
    TRANSFERRED = CloseReason.TRANSFERRED.value, CloseReason.TRANSFERRED.label
    NO_FURTHER_ROLE = CloseReason.NO_FURTHER_ROLE.value, CloseReason.NO_FURTHER_ROLE.label
    OTHER = CloseReason.OTHER.value, CloseReason.OTHER.label
    LISTED = "listed", "Listed on a meeting's agenda"
    UNLISTED = "unlisted", "Taken off a meeting's agenda"
    MOVED = "moved", "Moved to another meeting's agenda when its meeting was cancelled"
    HEARD = "heard", "Heard at a meeting"
    NEW_REFERRAL = "new_referral", "A new referral was received"
    REPEAT = "repeat", "A repeat referral was received"
    TRANSFER_OUT = "transfer_out", "Transferred to another MARAC"
    MIGRATION = "migration", "Recorded when status history began"


class CaseStatusChange(models.Model):
    """One change of a case's status (never edited, never deleted while the case is kept)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(max_length=20, choices=CaseStatus.choices)
    to_status = models.CharField(max_length=20, choices=CaseStatus.choices)
    reason = models.CharField(max_length=20, choices=StatusReason.choices)
    # Only for "another reason": shown on the case page, never written to the audit log.
    reason_text = models.TextField(blank=True)
    changed_by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    changed_at = models.DateTimeField(default=timezone.now)
    meeting = models.ForeignKey(Meeting, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    referral = models.ForeignKey(Referral, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        ordering: ClassVar = ["case", "changed_at", "id"]
        indexes: ClassVar = [models.Index(fields=["case", "changed_at"], name="case_status_change_case")]

    def __str__(self) -> str:
        return f"{self.case_id}: {self.from_status} -> {self.to_status}"

"""Action plans: SMART actions owned by one agency, their history, and reminders."""

from __future__ import annotations

from typing import Any, ClassVar

from django.db import models
from django.utils import timezone

from cases.models import AgendaItem, Case
from marac.models import Agency, MaracArea, User
from ppmt.stages import PpmtStage


class ActionFocus(models.TextChoices):
    SURVIVOR = "survivor", "The survivor"
    CHILD = "child", "The children"
    PERPETRATOR = "perpetrator", "The person causing harm"
    FAMILY = "family", "The family"
    PROFESSIONALS = "professionals", "Professionals' safety"


class ActionStatus(models.TextChoices):
    OPEN = "open", "Open"
    IN_PROGRESS = "in_progress", "In progress"
    COMPLETED = "completed", "Completed"
    NOT_COMPLETED = "not_completed", "Not completed"
    SUPERSEDED = "superseded", "Superseded"


OUTSTANDING = (ActionStatus.OPEN, ActionStatus.IN_PROGRESS)


class Priority(models.TextChoices):
    HIGH = "high", "High"
    MEDIUM = "medium", "Medium"
    LOW = "low", "Low"


class Action(models.Model):
    """One agreed action. Ownership stays with one agency (never the MARAC)."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="actions")
    # The case's area, kept on the action so that "actions in these areas"
    # is one index range instead of a join through every case. A case never
    # changes area (a transfer opens a new case), so this never goes stale.
    area = models.ForeignKey(MaracArea, on_delete=models.PROTECT, related_name="+", editable=False)
    item = models.ForeignKey(AgendaItem, on_delete=models.PROTECT, null=True, blank=True, related_name="actions")
    owner_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="actions")
    joint_agencies = models.ManyToManyField(Agency, blank=True, related_name="joint_actions")
    assignee_name = models.CharField(max_length=200, blank=True, help_text="A named person, if agreed")
    description = models.TextField()
    focus = models.CharField(max_length=20, choices=ActionFocus.choices)
    stage = models.CharField(max_length=20, choices=PpmtStage.choices, blank=True)
    due_date = models.DateField()
    priority = models.CharField(max_length=10, choices=Priority.choices, default=Priority.MEDIUM)
    status = models.CharField(max_length=20, choices=ActionStatus.choices, default=ActionStatus.OPEN)
    outcome = models.TextField(blank=True)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    closed_at = models.DateTimeField(null=True, blank=True)
    # Removed at the meeting as recorded by mistake (``actions.services.action_withdraw``): superseded, its
    # history kept, but never agreed, so the minutes and the live page leave it out.
    withdrawn_at = models.DateTimeField(null=True, blank=True, editable=False)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering: ClassVar = ["due_date", "id"]
        indexes: ClassVar = [
            models.Index(fields=["owner_agency", "status", "due_date"], name="action_agency_status_due"),
            models.Index(fields=["area", "status", "due_date"], name="action_area_status_due"),
            models.Index(fields=["status", "due_date"], name="action_status_due"),
            models.Index(fields=["case", "status"], name="action_case_status"),
            models.Index(fields=["area", "created_at"], name="action_area_created"),
        ]

    def __str__(self) -> str:
        return self.reference

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.area_id is None and self.case_id is not None:
            self.area_id = self.case.area_id
        super().save(*args, **kwargs)

    @property
    def reference(self) -> str:
        return f"ACT-{self.pk:06d}" if self.pk else "ACT-new"

    @property
    def is_outstanding(self) -> bool:
        return self.status in OUTSTANDING

    def is_overdue(self, today: object = None) -> bool:
        return self.is_outstanding and self.due_date < (today or timezone.localdate())  # type: ignore[operator]


class ActionUpdate(models.Model):
    """Every change to an action: history is never rewritten."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="updates")
    author = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    status_from = models.CharField(max_length=20, choices=ActionStatus.choices, blank=True)
    status_to = models.CharField(max_length=20, choices=ActionStatus.choices)
    note = models.TextField(blank=True)

    class Meta:
        ordering: ClassVar = ["action", "created_at", "id"]

    def __str__(self) -> str:
        return f"Update on action {self.action_id}"


class ReminderKind(models.TextChoices):
    DUE_SOON = "due_soon", "Due soon"
    DUE_TODAY = "due_today", "Due today"
    OVERDUE = "overdue", "Overdue"
    ESCALATION = "escalation", "Overdue: escalated to the coordinator"


class ReminderDelivery(models.Model):
    """The idempotency record: one row per action, kind, due date and
    recipient, written under a unique constraint, so a repeated, concurrent
    or interrupted sweep cannot remind twice. Rows are gathered into one
    outbox message per recipient and area (``message``), whose text is made
    from them when it is sent (docs/adr/0011-outbox.md)."""

    # No index of its own: the unique constraint below starts with it.
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="reminders", db_index=False)
    kind = models.CharField(max_length=20, choices=ReminderKind.choices)
    due_date = models.DateField()
    recipient = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    # The local date the sweep that wrote it took as today: a row recorded on a date still ahead (a clock
    # that jumped forward and back) does not count as sent, so the reminder is written again when due.
    swept_on = models.DateField(null=True, blank=True)
    message = models.ForeignKey(
        "marac.OutboxMessage", on_delete=models.SET_NULL, null=True, blank=True, related_name="reminders"
    )
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["action", "kind", "due_date", "recipient"], name="reminder_once_per_action_kind_due"
            ),
        ]
        indexes: ClassVar = [
            # The sweep gathers rows not yet in a message.
            models.Index(
                fields=["recipient"],
                condition=models.Q(message__isnull=True, sent_at__isnull=True),
                name="reminder_not_in_message",
            ),
            models.Index(fields=["swept_on"], name="reminder_swept_on"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} reminder for action {self.action_id}"


class ReminderPreference(models.Model):
    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="reminder_preference")
    digest_only = models.BooleanField(default=False, help_text="A weekly digest instead of a reminder each time")

    def __str__(self) -> str:
        return f"Reminder preference of user {self.user_id}"

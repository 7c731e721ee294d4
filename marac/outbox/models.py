"""The outbox's one table: a message per recipient, written in the transaction that decides to send it."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import ClassVar

from django.db import models
from django.db.models import Q
from django.utils import timezone


class MessageKind(models.TextChoices):
    ACTION_REMINDER = "action_reminder", "Action reminders"
    RESEARCH_REMINDER = "research_reminder", "Research reminder"
    AGENDA = "agenda", "Agenda circulated"
    NOTICE = "notice", "Notice"
    INVITATION = "invitation", "Invitation"


DUE = Q(sent_at__isnull=True, cancelled_at__isnull=True)
# The longest wait between tries (marac.outbox.sender's backoff), and how far apart two senders' clocks may be.
LONGEST_RETRY = timedelta(hours=1)
CLOCK_SLACK = timedelta(minutes=5)


def due_now(now: datetime) -> Q:
    """Still to send, and due at ``now``: its next try has come, or lies further ahead than the longest wait
    (it was scheduled under a clock since put back)."""
    return DUE & (Q(next_attempt_at__lte=now) | Q(next_attempt_at__gt=now + LONGEST_RETRY + CLOCK_SLACK))


class OutboxMessage(models.Model):
    """One email to one recipient. Its text holds no personal data (references, dates, counts, a link).

    ``subject`` and ``body`` are written with the row, except for kinds whose
    text is made at sending (``reference`` names what it is made from: the
    reminders linked to the row, or an invitation, whose one-time link exists
    only in the email)."""

    kind = models.CharField(max_length=20, choices=MessageKind.choices)
    recipient = models.ForeignKey(
        "marac.User", on_delete=models.CASCADE, null=True, blank=True, related_name="outbox_messages"
    )
    # Whose coordinators are told when it cannot be delivered (none: administrators only).
    area = models.ForeignKey(
        "marac.MaracArea", on_delete=models.SET_NULL, null=True, blank=True, related_name="outbox_messages"
    )
    subject = models.CharField(max_length=200, blank=True)
    body = models.TextField(blank=True)
    reference = models.CharField(max_length=100, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.CharField(max_length=100, blank=True)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancel_reason = models.CharField(max_length=100, blank=True)

    class Meta:
        indexes: ClassVar = [
            # The sender's claim and the health check: only rows still to send.
            models.Index(fields=["next_attempt_at", "id"], condition=DUE, name="outbox_due"),
            models.Index(fields=["area", "attempts"], condition=DUE, name="outbox_due_area"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} message {self.pk}"

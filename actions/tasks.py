"""Celery tasks for actions: thin, idempotent, calling the reminder module."""

from __future__ import annotations

from celery import shared_task

from actions.reminders import digests
from actions.reminders import sweep as reminders


@shared_task(name="actions.tasks.sweep_reminders")
def sweep_reminders() -> int:
    """Periodic: write the reminders now due and their outbox messages (safe to run twice or concurrently).
    The outbox sender sends them."""
    return reminders.sweep()


@shared_task(name="actions.tasks.weekly_digests")
def weekly_digests() -> int:
    return digests.weekly_digests()

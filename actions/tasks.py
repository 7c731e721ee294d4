"""Celery tasks for actions: thin, idempotent, calling the reminder module."""

from __future__ import annotations

from celery import shared_task
from django.db import transaction

from actions.models import ReminderDelivery
from actions.reminders import digests
from actions.reminders import sweep as reminders


@shared_task(name="actions.tasks.sweep_reminders")
def sweep_reminders() -> int:
    """Periodic: write the reminders now due (safe to run twice or concurrently), then queue their sending."""
    written = reminders.sweep()
    if written:
        transaction.on_commit(send_reminders.delay)
    return written


@shared_task(name="actions.tasks.send_reminders", bind=True, max_retries=5, retry_backoff=True)
def send_reminders(self) -> int:  # type: ignore[no-untyped-def]
    """Send what the sweep wrote. Failed emails stay unsent and are retried."""
    sent = reminders.send_pending()
    if ReminderDelivery.objects.filter(
        sent_at__isnull=True, attempts__gt=0, attempts__lt=reminders.MAX_ATTEMPTS
    ).exists():
        raise self.retry(countdown=60 * (2 ** min(self.request.retries, 5)))
    return sent


@shared_task(name="actions.tasks.weekly_digests")
def weekly_digests() -> int:
    return digests.weekly_digests()

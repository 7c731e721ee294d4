"""Celery tasks for cases. Thin: they call services; they are idempotent."""

from __future__ import annotations

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail

from cases.models import Notification
from cases.notifications import NO_PERSONAL_DATA
from marac.models import User


@shared_task(name="cases.tasks.send_notification_emails", autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_notification_emails(user_ids: list[int]) -> int:
    """Email each user their newest unread notification (its message has no personal data)."""
    sent = 0
    for user in User.objects.filter(pk__in=user_ids, is_active=True):
        note = Notification.objects.filter(user=user, read_at__isnull=True).order_by("-created_at").first()
        if note is None:
            continue
        body = f"{note.message}.\n\nSign in to see it: {settings.MARAC_BASE_URL}{note.link}\n\n{NO_PERSONAL_DATA}"
        sent += send_mail(f"MARAC: {note.message}"[:150], body, settings.DEFAULT_FROM_EMAIL, [user.email])
    return sent

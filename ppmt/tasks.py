"""Celery tasks of research (thin: each calls a service)."""

from __future__ import annotations

from celery import shared_task

from ppmt.reminder_emails import research_reminders_and_emails


@shared_task(name="ppmt.tasks.research_reminders")
def research_reminders() -> int:
    """Hourly: remind agencies with research outstanding as the deadline nears (idempotent), each reminder's
    notices and emails written together. Returns how many users were newly told."""
    return research_reminders_and_emails()

"""Celery tasks of the meeting cycle (thin: each calls a service)."""

from __future__ import annotations

from celery import shared_task

from cases.meetings.minutes import reminders
from cases.meetings.schedule import meetings_schedule_ahead_for
from marac.models import MaracArea


@shared_task(name="cases.meetings.tasks.schedule_meetings_ahead")
def schedule_meetings_ahead() -> int:
    """Keep every area's regular meetings generated ahead (idempotent; one query when all are)."""
    return meetings_schedule_ahead_for(MaracArea.objects.filter(is_active=True))


@shared_task(name="cases.meetings.tasks.minutes_reminders")
def minutes_reminders() -> int:
    return reminders.minutes_reminders()

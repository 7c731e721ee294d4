"""Celery tasks of the meeting cycle (thin: each calls a service)."""

from __future__ import annotations

from celery import shared_task

from cases.meetings.emails import meeting_email
from cases.meetings.minutes import reminders
from cases.meetings.schedule import meetings_schedule_ahead_for
from marac.models import MaracArea


@shared_task(
    name="cases.meetings.tasks.send_agenda_emails", autoretry_for=(OSError,), retry_backoff=True, max_retries=5
)
def send_agenda_emails(meeting_id: int, user_ids: list[int]) -> int:
    """Tell representatives an agenda is out. No personal data: the date and a link."""
    return meeting_email(
        meeting_id,
        user_ids,
        "MARAC agenda circulated: meeting on {date}",
        "The agenda for the {area} meeting on {date} has been circulated.\n\n"
        "Research for every case is due by {deadline}.",
        "Sign in to see the cases",
    )


@shared_task(name="cases.meetings.tasks.schedule_meetings_ahead")
def schedule_meetings_ahead() -> int:
    """Keep every area's regular meetings generated ahead (idempotent; one query when all are)."""
    return meetings_schedule_ahead_for(MaracArea.objects.filter(is_active=True))


@shared_task(name="cases.meetings.tasks.minutes_reminders")
def minutes_reminders() -> int:
    return reminders.minutes_reminders()

"""Celery tasks of research (thin: each calls a service)."""

from __future__ import annotations

from functools import partial

from celery import shared_task
from django.db import transaction

from cases.meetings.emails import meeting_email
from ppmt.services import research_reminders as remind


@shared_task(
    name="ppmt.tasks.send_research_reminder_emails", autoretry_for=(OSError,), retry_backoff=True, max_retries=5
)
def send_research_reminder_emails(meeting_id: int, user_ids: list[int]) -> int:
    """Research is due. No personal data: the date, the deadline and a link."""
    return meeting_email(
        meeting_id,
        user_ids,
        "MARAC research due by {deadline_short}",
        "Your agency has cases still to research for the {area} meeting on {date}. Research is due by {deadline}.",
        "Sign in to see them",
    )


@shared_task(name="ppmt.tasks.research_reminders")
def research_reminders() -> int:
    """Hourly: remind agencies with research outstanding as the deadline nears
    (idempotent), and email the users newly told once the notices are saved.
    Returns how many users were newly told."""
    told = remind()
    for reminder in told:
        transaction.on_commit(partial(send_research_reminder_emails.delay, reminder.meeting_id, reminder.user_ids))
    return sum(len(reminder.user_ids) for reminder in told)

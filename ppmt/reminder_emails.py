"""Research reminders with their emails: the notices (``services.research_reminders``) and one outbox email
per person newly told, committed together, so a reminder is never recorded without its email."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction

from cases.meetings.emails import write_research_emails
from cases.models import Meeting
from ppmt.services import research_reminders


def research_reminders_and_emails(*, now: datetime | None = None) -> int:
    """Returns how many users were newly told."""
    with transaction.atomic():
        told = research_reminders(now=now)
        meetings = Meeting.objects.select_related("area").in_bulk({r.meeting_id for r in told})
        for reminder in told:
            write_research_emails(meetings[reminder.meeting_id], reminder.user_ids)
    return sum(len(reminder.user_ids) for reminder in told)

"""Celery tasks for cases. Thin: they call services; they are idempotent."""

from __future__ import annotations

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse

from marac.models import MaracArea, User

from .models import Meeting

NO_PERSONAL_DATA = "This email contains no personal information. Do not reply with case details."


def _meeting_email(meeting_id: int, user_ids: list[int], subject: str, opening: str, closing: str) -> int:
    """Email the active users about a meeting: its date, a deadline, a link. No personal data."""
    meeting = Meeting.objects.select_related("area").get(pk=meeting_id)
    link = f"{settings.MARAC_BASE_URL}{reverse('meeting-detail', args=[meeting.pk])}"
    fields = {
        "area": meeting.area.name,
        "date": f"{meeting.date:%-d %B %Y}",
        "deadline": f"{meeting.research_deadline:%-d %B %Y, %H:%M}",
        "deadline_short": f"{meeting.research_deadline:%-d %B, %H:%M}",
    }
    body = f"{opening.format(**fields)}\n\n{closing}: {link}\n\n{NO_PERSONAL_DATA}"
    sent = 0
    for user in User.objects.filter(pk__in=user_ids, is_active=True):
        sent += send_mail(subject.format(**fields), body, settings.DEFAULT_FROM_EMAIL, [user.email])
    return sent


@shared_task(name="cases.tasks.send_agenda_emails", autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_agenda_emails(meeting_id: int, user_ids: list[int]) -> int:
    """Tell representatives an agenda is out. No personal data: the date and a link."""
    return _meeting_email(
        meeting_id,
        user_ids,
        "MARAC agenda circulated: meeting on {date}",
        "The agenda for the {area} meeting on {date} has been circulated.\n\n"
        "Research for every case is due by {deadline}.",
        "Sign in to see the cases",
    )


@shared_task(name="cases.tasks.schedule_meetings_ahead")
def schedule_meetings_ahead() -> int:
    """Keep every area's regular meetings generated ahead (idempotent)."""
    from .meeting_services import meetings_schedule_ahead

    return sum(meetings_schedule_ahead(area) for area in MaracArea.objects.filter(is_active=True))


@shared_task(
    name="cases.tasks.send_research_reminder_emails", autoretry_for=(OSError,), retry_backoff=True, max_retries=5
)
def send_research_reminder_emails(meeting_id: int, user_ids: list[int]) -> int:
    """Research is due. No personal data: the date, the deadline and a link."""
    return _meeting_email(
        meeting_id,
        user_ids,
        "MARAC research due by {deadline_short}",
        "Your agency has cases still to research for the {area} meeting on {date}. Research is due by {deadline}.",
        "Sign in to see them",
    )


@shared_task(name="cases.tasks.research_reminders")
def research_reminders() -> int:
    """Hourly: remind agencies with research outstanding as the deadline nears (idempotent)."""
    from ppmt.services import research_reminders as remind

    return remind()


@shared_task(name="cases.tasks.send_notification_emails", autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_notification_emails(user_ids: list[int]) -> int:
    """Email each user their newest unread notification (its message has no personal data)."""
    from .models import Notification

    sent = 0
    for user in User.objects.filter(pk__in=user_ids, is_active=True):
        note = Notification.objects.filter(user=user, read_at__isnull=True).order_by("-created_at").first()
        if note is None:
            continue
        body = f"{note.message}.\n\nSign in to see it: {settings.MARAC_BASE_URL}{note.link}\n\n{NO_PERSONAL_DATA}"
        sent += send_mail(f"MARAC: {note.message}"[:150], body, settings.DEFAULT_FROM_EMAIL, [user.email])
    return sent


@shared_task(name="cases.tasks.minutes_reminders")
def minutes_reminders() -> int:
    from .minutes_reminders import minutes_reminders as remind

    return remind()


@shared_task(name="cases.tasks.weekly_digests")
def weekly_digests() -> int:
    from .minutes_reminders import weekly_digests as digest

    return digest()

"""Celery tasks for cases. Thin: they call services; they are idempotent."""

from __future__ import annotations

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse

from marac.models import MaracArea, User

from .models import Meeting


@shared_task(name="cases.tasks.send_agenda_emails", autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_agenda_emails(meeting_id: int, user_ids: list[int]) -> int:
    """Tell representatives an agenda is out. No personal data: the date and a link."""
    meeting = Meeting.objects.select_related("area").get(pk=meeting_id)
    link = f"{settings.MARAC_BASE_URL}{reverse('meeting-detail', args=[meeting.pk])}"
    subject = f"MARAC agenda circulated: meeting on {meeting.date:%-d %B %Y}"
    body = (
        f"The agenda for the {meeting.area.name} meeting on {meeting.date:%-d %B %Y} has been circulated.\n\n"
        f"Research for every case is due by {meeting.research_deadline:%-d %B %Y, %H:%M}.\n\n"
        f"Sign in to see the cases: {link}\n\n"
        "This email contains no personal information. Do not reply with case details."
    )
    sent = 0
    for user in User.objects.filter(pk__in=user_ids, is_active=True):
        sent += send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
    return sent


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
    meeting = Meeting.objects.select_related("area").get(pk=meeting_id)
    link = f"{settings.MARAC_BASE_URL}{reverse('meeting-detail', args=[meeting.pk])}"
    subject = f"MARAC research due by {meeting.research_deadline:%-d %B, %H:%M}"
    body = (
        f"Your agency has cases still to research for the {meeting.area.name} meeting on "
        f"{meeting.date:%-d %B %Y}. Research is due by {meeting.research_deadline:%-d %B %Y, %H:%M}.\n\n"
        f"Sign in to see them: {link}\n\n"
        "This email contains no personal information. Do not reply with case details."
    )
    sent = 0
    for user in User.objects.filter(pk__in=user_ids, is_active=True):
        sent += send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
    return sent


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
        body = (
            f"{note.message}.\n\nSign in to see it: {settings.MARAC_BASE_URL}{note.link}\n\n"
            "This email contains no personal information. Do not reply with case details."
        )
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

"""Meeting emails: a reference and a link, never personal data."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse

from cases.models import Meeting
from cases.notifications import NO_PERSONAL_DATA
from marac.models import User


def meeting_email(meeting_id: int, user_ids: list[int], subject: str, opening: str, closing: str) -> int:
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

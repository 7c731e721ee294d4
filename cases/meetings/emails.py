"""Meeting emails: a reference and a link, never personal data. Written to the outbox by the service that
decides to send them (docs/adr/0011-outbox.md)."""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.urls import reverse

from cases.models import Meeting
from cases.notifications import NO_PERSONAL_DATA
from marac.models import User
from marac.outbox import services as outbox
from marac.outbox.models import MessageKind

AGENDA_SUBJECT = "MARAC agenda circulated: meeting on {date}"
AGENDA_OPENING = (
    "The agenda for the {area} meeting on {date} has been circulated.\n\nResearch for every case is due by {deadline}."
)
RESEARCH_SUBJECT = "MARAC research due by {deadline_short}"
RESEARCH_OPENING = (
    "Your agency has cases still to research for the {area} meeting on {date}. Research is due by {deadline}."
)


def meeting_letter(meeting: Meeting, subject: str, opening: str, closing: str) -> tuple[str, str]:
    """The subject and body of an email about a meeting: its area, date, research deadline and a link."""
    link = f"{settings.MARAC_BASE_URL}{reverse('meeting-detail', args=[meeting.pk])}"
    fields = {
        "area": meeting.area.name,
        "date": f"{meeting.date:%-d %B %Y}",
        "deadline": f"{meeting.research_deadline:%-d %B %Y, %H:%M}",
        "deadline_short": f"{meeting.research_deadline:%-d %B, %H:%M}",
    }
    return subject.format(**fields), f"{opening.format(**fields)}\n\n{closing}: {link}\n\n{NO_PERSONAL_DATA}"


def write_meeting_emails(
    kind: MessageKind, meeting: Meeting, recipients: Iterable[User | int], subject: str, opening: str, closing: str
) -> int:
    """One email per recipient about ``meeting``, into the outbox, in the caller's transaction."""
    subject_text, body = meeting_letter(meeting, subject, opening, closing)
    return len(outbox.enqueue(kind, recipients, subject=subject_text, body=body, area_id=meeting.area_id))


def write_agenda_emails(meeting: Meeting, recipients: Iterable[User | int]) -> int:
    """Tell representatives an agenda is out."""
    return write_meeting_emails(
        MessageKind.AGENDA, meeting, recipients, AGENDA_SUBJECT, AGENDA_OPENING, "Sign in to see the cases"
    )


def write_research_emails(meeting: Meeting, recipients: Iterable[User | int]) -> int:
    """Tell an agency's people research is due."""
    return write_meeting_emails(
        MessageKind.RESEARCH_REMINDER, meeting, recipients, RESEARCH_SUBJECT, RESEARCH_OPENING, "Sign in to see them"
    )

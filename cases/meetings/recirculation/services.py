"""What changed on an agenda since it went out, and sending it out again.

Once an agenda is circulated, a case can still be listed on the meeting (a referral received, a case
moved in from another meeting) or moved away to another meeting. The meeting keeps the cases its agenda
carried when it last went to the invited agencies (``Meeting.agenda_sent_cases``, set by circulating
and recirculating); the agenda now, against those, is what changed. The coordinator is offered to
recirculate: the invited agencies' representatives are told what changed, in counts only (never a
name or a case reference), with the meeting's date, the research deadline and a link.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse

from cases.meetings.emails import write_meeting_emails
from cases.meetings.services import MEETING_CANCELLED, representatives, require_coordinator
from cases.models import Meeting, MeetingStatus
from cases.notifications import notify
from marac import audit
from marac.models import AuditVerb, User
from marac.outbox.models import MessageKind
from marac.versioning import bump_version, lock_version

NOT_CIRCULATED = "Circulate the agenda first: it has not gone out yet"
STARTED = "This meeting has started or been held: its agenda can no longer be recirculated"
HAPPENED = "This meeting has already happened"
UNCHANGED = "The agenda has not changed since it was last circulated: there is nothing to recirculate"

SUBJECT = "MARAC agenda changed: meeting on {date}"
OPENING = (
    "The agenda for the {{area}} meeting on {{date}} has changed since it was circulated: {what}.\n\n"
    "Research for every case is due by {{deadline}}."
)


@dataclass(frozen=True)
class AgendaChanges:
    """How many cases were listed on the meeting, and how many moved away, since its agenda last went out."""

    added: int
    moved_away: int

    def __bool__(self) -> bool:
        return bool(self.added or self.moved_away)

    def __str__(self) -> str:
        """ "2 cases added, 1 moved to another meeting" (the first count names the cases)."""
        parts = [(self.added, "added"), (self.moved_away, "moved to another meeting")]
        said = [f"{count} {verb}" for count, verb in parts if count]
        if not said:
            return "no change"
        first = next(count for count, _ in parts if count)
        said[0] = said[0].replace(" ", f" case{'s' if first != 1 else ''} ", 1)
        return ", ".join(said)


def agenda_sent(meeting: Meeting) -> set[int]:
    """The cases the agenda carried when it last went out. A meeting circulated before that was recorded:
    the cases listed on it by then."""
    if meeting.agenda_sent_cases is not None:
        return set(meeting.agenda_sent_cases)
    if meeting.circulated_at is None:
        return set()
    return set(meeting.items.filter(added_at__lte=meeting.circulated_at).values_list("case_id", flat=True))


def agenda_changes(meeting: Meeting) -> AgendaChanges | None:
    """What changed since a circulated agenda went out; None for an agenda that is not out (not yet
    circulated) or can no longer change (the meeting started, was held or cancelled)."""
    if meeting.status != MeetingStatus.CIRCULATED or meeting.has_happened:
        return None
    sent = agenda_sent(meeting)
    listed = set(meeting.items.values_list("case_id", flat=True))
    return AgendaChanges(added=len(listed - sent), moved_away=len(sent - listed))


def _require_recirculable(meeting: Meeting) -> AgendaChanges:
    if meeting.status == MeetingStatus.CANCELLED:
        raise ValidationError({"meeting": MEETING_CANCELLED})
    if meeting.status == MeetingStatus.SCHEDULED:
        raise ValidationError({"meeting": NOT_CIRCULATED})
    if meeting.status != MeetingStatus.CIRCULATED:
        raise ValidationError({"meeting": STARTED})
    if meeting.has_happened:
        raise ValidationError({"meeting": HAPPENED})
    changes = agenda_changes(meeting)
    if not changes:
        raise ValidationError({"meeting": UNCHANGED})
    return changes


def agenda_recirculate(*, user: User, meeting: Meeting, expected_version: int | None) -> int:
    """Send a changed agenda out again: every invited agency's representatives get a notice and an email
    saying what changed, in counts. Returns how many were told."""
    require_coordinator(user, meeting)
    with transaction.atomic():
        locked = lock_version(meeting, expected_version)
        changes = _require_recirculable(locked)
        locked.agenda_sent_cases = sorted(locked.items.values_list("case_id", flat=True))
        bump_version(locked, ["agenda_sent_cases"])
        recipients = representatives(locked)
        notify(
            recipients,
            key=f"agenda-{locked.pk}-{locked.version}",
            message=f"The agenda for the MARAC meeting on {locked.date:%-d %B %Y} has changed: {changes}",
            link=reverse("meeting-detail", args=[locked.pk]),
        )
        audit.record(
            actor=user,
            verb=AuditVerb.CHANGE,
            obj=locked,
            detail={
                "agenda": "recirculated",
                "added": changes.added,
                "moved_away": changes.moved_away,
                "told": len(recipients),
            },
        )
        opening = OPENING.format(what=changes)
        write_meeting_emails(MessageKind.AGENDA, locked, recipients, SUBJECT, opening, "Sign in to see the cases")
    return len(recipients)

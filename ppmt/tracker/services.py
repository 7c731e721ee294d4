""" "Remind now": the coordinator reminds one agency that its research for a meeting is outstanding.

The area's coordinators and chairs only (404 if they cannot see the meeting, 403 if they see it but do not
coordinate it), while the agenda is out for research; at most once a day for each agency and meeting (a
unique row, so two coordinators pressing together send one reminder). The agency's representatives and
IDAAs in the area get a notice and an email (the meeting's date and a link, never a case detail), written in
the same transaction as the record and its audit event.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from cases.meetings.emails import write_research_emails
from cases.meetings.services import require_coordinator
from cases.models import Meeting, MeetingStatus
from cases.notifications import notify
from marac import audit
from marac.models import Agency, AuditVerb, User
from ppmt.models import ResearchReminderSent, ResearchStatus, ResearchSubmission
from ppmt.services import research_recipients

NOT_OPEN = "Research reminders can be sent only while the agenda is out for research"
NOTHING_OUTSTANDING = "{agency} has researched every case: there is nothing to remind them of"
ALREADY_TODAY = "{agency} was already reminded today: reminders go at most once a day"
NOBODY = "{agency} has no active representative in this MARAC to remind"


def research_remind_now(*, user: User, meeting: Meeting, agency: Agency) -> ResearchReminderSent:
    require_coordinator(user, meeting)
    if not meeting.invited_agencies.filter(pk=agency.pk).exists():
        raise Http404  # as an agency that is not there
    items = list(meeting.items.values_list("pk", flat=True))
    with transaction.atomic():
        locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
        if locked.status != MeetingStatus.CIRCULATED:
            raise ValidationError({"agency": NOT_OPEN})
        done = ResearchSubmission.objects.filter(item_id__in=items, agency=agency).exclude(status=ResearchStatus.DRAFT)
        outstanding = len(items) - done.count()
        if outstanding <= 0:
            raise ValidationError({"agency": NOTHING_OUTSTANDING.format(agency=agency.name)})
        recipients = list(research_recipients(locked, agency))
        if not recipients:
            raise ValidationError({"agency": NOBODY.format(agency=agency.name)})
        today = timezone.localdate()
        try:
            with transaction.atomic():  # a savepoint: the unique row is the once-a-day rule
                sent = ResearchReminderSent.objects.create(
                    meeting=locked, agency=agency, sent_on=today, sent_by=user, told=len(recipients)
                )
        except IntegrityError as exc:
            raise ValidationError({"agency": ALREADY_TODAY.format(agency=agency.name)}) from exc
        told = notify(
            recipients,
            key=f"research-remind-{locked.pk}-{agency.pk}-{today:%Y%m%d}",
            message=f"Reminder from the coordinator: research for the MARAC meeting on {locked.date:%-d %B %Y} "
            f"is due by {locked.research_deadline:%-d %B, %H:%M}: {outstanding} case{'s' if outstanding != 1 else ''} "
            "still to research",
            link=reverse("meeting-detail", args=[locked.pk]),
        )
        write_research_emails(locked, told)
        audit.record(
            actor=user,
            verb=AuditVerb.CHANGE,
            obj=locked,
            detail={"research_reminder": agency.pk, "outstanding": outstanding, "told": len(told)},
        )
    return sent

"""Meetings: scheduled ahead and circulated through the services, or written as rows
for what the services cannot make (a meeting in the past, on a day off the area's
pattern) and for agendas filled quickly.

    meeting = circulated_meeting(area, by=coordinator, cases=[case])
    held = held_meeting(area, date(2026, 7, 15), agencies=[police, housing], cases=cases)
    record_attendance(held, {police: AttendanceStatus.PRESENT}, recorded_by=coordinator)
    started = start_on_its_day(meeting, by=chair)   # today made its day, then started through the service
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, time
from typing import Any

from django.utils import timezone

from cases.meetings import services as meeting_services
from cases.meetings.live import services as live_services
from cases.meetings.schedule import meetings_schedule_ahead
from cases.models import AgendaItem, Attendance, Case, Meeting, MeetingStatus
from marac.models import Agency, MaracArea, User
from tests.builders.days import deadline_before
from tests.factories import CaseFactory


def next_meeting(area: MaracArea) -> Meeting:
    """The area's first meeting, once the schedule service has planned its meetings ahead
    (the area's core agencies invited)."""
    meetings_schedule_ahead(area)
    return Meeting.objects.filter(area=area).order_by("date")[0]


def meeting_on(
    area: MaracArea,
    day: date,
    *,
    status: str = MeetingStatus.SCHEDULED,
    agencies: Iterable[Agency] = (),
    is_extra: bool = False,
) -> Meeting:
    """A meeting row on ``day`` at 10:00, research due at 17:00 two days before, ``agencies`` invited."""
    meeting = Meeting.objects.create(
        area=area,
        date=day,
        start_time=time(10, 0),
        research_deadline=deadline_before(day),
        status=status,
        is_extra=is_extra,
    )
    agencies = list(agencies)
    if agencies:
        meeting.invited_agencies.set(agencies)
    return meeting


def held_meeting(
    area: MaracArea,
    day: date,
    *,
    agencies: Iterable[Agency] = (),
    cases: Iterable[Case] = (),
    status: str = MeetingStatus.HELD,
) -> Meeting:
    """A meeting held on ``day`` (a row: the services only schedule ahead), ``cases`` on its agenda in order."""
    meeting = meeting_on(area, day, status=status, agencies=agencies)
    list_cases(meeting, cases)
    return meeting


def list_cases(meeting: Meeting, cases: Iterable[Case]) -> list[AgendaItem]:
    """``cases`` added to the end of the meeting's agenda, in order (rows)."""
    start = meeting.items.count() + 1
    return [
        AgendaItem.objects.create(meeting=meeting, case=case, position=position)
        for position, case in enumerate(cases, start=start)
    ]


def list_case(meeting: Meeting, case: Case | None = None, **case_fields: Any) -> AgendaItem:
    """``case`` (a new case in the meeting's area, with ``case_fields``) at the end of the agenda."""
    [item] = list_cases(meeting, [case or CaseFactory(area=meeting.area, **case_fields)])
    return item


def circulated_meeting(
    area: MaracArea, *, by: User, cases: Iterable[Case] = (), meeting: Meeting | None = None
) -> Meeting:
    """``meeting`` (the area's next one by default) with ``cases`` added to its agenda,
    circulated by the coordinator ``by`` through the service: the invited agencies'
    representatives are told, and may now see the agenda and its cases."""
    meeting = meeting or next_meeting(area)
    list_cases(meeting, cases)
    meeting_services.agenda_circulate(user=by, meeting=meeting, expected_version=None)
    meeting.refresh_from_db()
    return meeting


def on_its_day(meeting: Meeting) -> Meeting:
    """``meeting`` on today's date, research due two days before (a row change: time does not pass in a
    test, and a meeting is started only on its day)."""
    today = timezone.localdate()
    Meeting.objects.filter(pk=meeting.pk).update(date=today, research_deadline=deadline_before(today))
    meeting.refresh_from_db()
    return meeting


def start_on_its_day(meeting: Meeting, *, by: User) -> Meeting:
    """``meeting`` brought to today (``on_its_day``) and started by ``by`` through the live meeting's service."""
    live_services.meeting_start(user=by, meeting=on_its_day(meeting))
    meeting.refresh_from_db()
    return meeting


def record_attendance(meeting: Meeting, statuses: Mapping[Agency, str], *, recorded_by: User) -> list[Attendance]:
    """Each agency's attendance at ``meeting`` (rows, as recorded after it)."""
    return [
        Attendance.objects.create(meeting=meeting, agency=agency, status=status, recorded_by=recorded_by)
        for agency, status in statuses.items()
    ]

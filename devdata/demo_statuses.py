"""The demo's case statuses, made by the services as the pages make them: the older cases heard at a
meeting three weeks ago, some of those closed by the coordinator, the rest listed for the next meeting."""

from __future__ import annotations

import itertools
from datetime import datetime, time, timedelta

from django.utils import timezone

from cases.meetings import services as meeting_services
from cases.meetings.live import services as live_services
from cases.models import AgendaItem, Case, CloseReason, Meeting, MeetingStatus
from cases.status import services as status_services
from marac.models import MaracArea, User

CLOSING_REASONS = [CloseReason.PLAN_COMPLETE, CloseReason.MOVED_AWAY, CloseReason.NO_FURTHER_ROLE]


def _past_meeting(area: MaracArea) -> Meeting:
    """A meeting three weeks ago (a row: the schedule service plans only ahead), the core agencies invited."""
    day = timezone.localdate() - timedelta(days=21)
    meeting = Meeting.objects.create(
        area=area,
        date=day,
        start_time=area.meeting_start_time,
        planned_minutes=area.meeting_minutes,
        place=area.meeting_place,
        minutes_per_case=area.minutes_per_case,
        research_deadline=timezone.make_aware(datetime.combine(day - timedelta(days=3), time(17, 0))),
        is_extra=True,
    )
    meeting.invited_agencies.set(area.core_agencies.all())
    return meeting


def hear_and_close(*, area: MaracArea, coordinator: User, cases: list[Case]) -> None:
    """``cases`` (received earlier, so listed for the next meeting) heard three weeks ago instead: taken
    off the upcoming agenda, listed on the past meeting, the meeting run and closed through the live
    meeting's services (heard, minutes drafted); then every third closed by the coordinator."""
    if not cases:
        return
    past = _past_meeting(area)
    for position, case in enumerate(cases, start=1):
        for item in case.agenda_items.filter(meeting__status=MeetingStatus.SCHEDULED).select_related("meeting"):
            meeting_services.agenda_remove_item(user=coordinator, item=item, expected_version=None)
        AgendaItem.objects.create(meeting=past, case=case, position=position)
        status_services.case_listed(user=coordinator, case=case, meeting=past)
    live_services.meeting_start(user=coordinator, meeting=past)
    live_services.meeting_close(user=coordinator, meeting=past)
    reasons = itertools.cycle(CLOSING_REASONS)
    for case in cases[::3]:
        case.refresh_from_db()
        status_services.case_close(
            user=coordinator,
            case=case,
            reason=next(reasons),
            reason_text="",
            expected_version=case.version,
            open_actions_understood=True,
        )

"""Meeting schedules: the regular meetings generated ahead from each area's
pattern, extra meetings, and the next meeting a new case can make."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Max
from django.http import Http404
from django.utils import timezone

from cases import selectors
from cases.models import Meeting, MeetingStatus
from marac import audit
from marac.models import AuditVerb, MaracArea, MeetingPattern, User

# Meetings whose agenda can still change (a case can be listed on them).
OPEN_STATUSES = (MeetingStatus.SCHEDULED, MeetingStatus.CIRCULATED)


def _first_weekday_of_month(year: int, month: int, weekday: int) -> date:
    first = date(year, month, 1)
    return first + timedelta(days=(weekday - first.weekday()) % 7)


def meeting_dates(*, pattern: str, weekday: int, after: date, count: int, anchor: date | None = None) -> list[date]:
    """The next ``count`` regular meeting dates strictly after ``after``.

    daily: every weekday; weekly: every ``weekday``; fortnightly: every
    second ``weekday`` counted from ``anchor`` (the area's first meeting);
    monthly: the first ``weekday`` of each month.
    """
    found: list[date] = []
    if pattern == MeetingPattern.MONTHLY:
        year, month = after.year, after.month
        while len(found) < count:
            day = _first_weekday_of_month(year, month, weekday)
            if day > after:
                found.append(day)
            month += 1
            if month > 12:
                year, month = year + 1, 1
        return found
    day = after + timedelta(days=1)
    while len(found) < count:
        if pattern == MeetingPattern.DAILY:
            if day.weekday() < 5:
                found.append(day)
        elif day.weekday() == weekday:
            if pattern == MeetingPattern.WEEKLY:
                found.append(day)
            elif pattern == MeetingPattern.FORTNIGHTLY:
                base = anchor or _first_weekday_of_month(day.year, 1, weekday)
                if ((day - base).days // 7) % 2 == 0:
                    found.append(day)
        day += timedelta(days=1)
    return found


def research_deadline_for(area: MaracArea, day: date) -> datetime:
    due = day - timedelta(days=area.research_deadline_days)
    while due.weekday() >= 5:  # a deadline never falls at a weekend
        due -= timedelta(days=1)
    return timezone.make_aware(datetime.combine(due, time(17, 0)))


def meetings_schedule_ahead(area: MaracArea, *, today: date | None = None) -> int:
    """Keep the area's next ``meetings_ahead`` regular meetings scheduled.

    Idempotent (safe to run from a periodic task and on every page view):
    returns how many meetings it created.
    """
    today = today or timezone.localdate()
    regular = Meeting.objects.filter(area=area, is_extra=False)
    future = regular.filter(date__gt=today).exclude(status=MeetingStatus.CANCELLED).count()
    missing = area.meetings_ahead - future
    if missing <= 0:
        return 0
    latest = regular.aggregate(last=Max("date"))["last"]
    anchor = regular.order_by("date").values_list("date", flat=True).first()
    after = max(latest or today, today)
    created = 0
    core = list(area.core_agencies.all())
    for day in meeting_dates(
        pattern=area.meeting_pattern, weekday=area.meeting_weekday, after=after, count=missing, anchor=anchor
    ):
        try:
            with transaction.atomic():
                meeting = Meeting.objects.create(
                    area=area,
                    date=day,
                    start_time=area.meeting_start_time,
                    planned_minutes=area.meeting_minutes,
                    place=area.meeting_place,
                    minutes_per_case=area.minutes_per_case,
                    research_deadline=research_deadline_for(area, day),
                )
                meeting.invited_agencies.set(core)
        except IntegrityError:
            continue  # another process scheduled it first
        created += 1
    return created


def meetings_schedule_ahead_for(areas: Iterable[MaracArea], *, today: date | None = None) -> int:
    """``meetings_schedule_ahead`` for several areas (the beat task runs it for
    every area each hour): one query when every area already has its meetings ahead."""
    today = today or timezone.localdate()
    areas = list(areas)
    ahead = dict(
        Meeting.objects.filter(area__in=areas, is_extra=False, date__gt=today)
        .exclude(status=MeetingStatus.CANCELLED)
        .values("area_id")
        .annotate(n=Count("id"))
        .values_list("area_id", "n")
    )
    return sum(
        meetings_schedule_ahead(area, today=today) for area in areas if ahead.get(area.pk, 0) < area.meetings_ahead
    )


def meeting_add_extra(
    *, user: User, area: MaracArea, day: date, start_time: time, planned_minutes: int, place: str = ""
) -> Meeting:
    if not selectors.user_coordinates(user, area.pk):
        raise Http404
    if day < timezone.localdate():
        raise ValidationError({"day": "The date of the meeting must be today or in the future"})
    with transaction.atomic():
        meeting = Meeting.objects.create(
            area=area,
            date=day,
            start_time=start_time,
            planned_minutes=planned_minutes,
            place=place or area.meeting_place,
            minutes_per_case=area.minutes_per_case,
            research_deadline=research_deadline_for(area, day),
            is_extra=True,
        )
        meeting.invited_agencies.set(area.core_agencies.all())
        audit.record(actor=user, verb=AuditVerb.CREATE, obj=meeting)
    return meeting


def next_meeting_for(area: MaracArea, *, now: datetime | None = None) -> Meeting | None:
    """The next meeting whose research deadline a newly received case can still meet."""
    now = now or timezone.now()
    meetings_schedule_ahead(area, today=timezone.localdate(now))
    return (
        Meeting.objects.filter(area=area, research_deadline__gte=now, status__in=OPEN_STATUSES)
        .order_by("date", "start_time")
        .first()
    )

"""Reminders about minutes, and the weekly action digest.

Each reminder is a ``Notification`` whose (user, dedupe_key) is unique: the
database refuses a second one, so a repeated or concurrent run reminds
nobody twice. Emails carry no personal data (a date and a link).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from functools import partial

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from cases.meetings.minutes.services import notify_minutes
from cases.models import Meeting, MeetingStatus, MinutesStatus
from cases.notifications import notify
from marac.models import Membership, Role, User
from marac.roles import INVITED_AGENCY_ROLES


def working_days_between(start: date, end: date) -> int:
    """Working days (Monday to Friday) after ``start`` up to and including ``end``."""
    days = 0
    day = start
    while day < end:
        day += timedelta(days=1)
        if day.weekday() < 5:
            days += 1
    return days


def _members(area_id: int, role: str) -> list[User]:
    return list(
        User.objects.filter(
            is_active=True,
            pk__in=Membership.objects.filter(area_id=area_id, role=role, is_active=True).values("user_id"),
        )
    )


def _unfinished_reminders(meeting: Meeting, today: date) -> list[int]:
    """Draft or approved minutes not yet sent: remind the coordinator, then the chair, then governance."""
    minutes = meeting.minutes
    elapsed = working_days_between(meeting.date, today)
    due = meeting.area.minutes_due_working_days
    link = reverse("meeting-minutes", args=[meeting.pk])
    when = f"{meeting.date:%-d %B %Y}"
    fresh: list[int] = []
    if minutes.status == MinutesStatus.DRAFT and elapsed >= 1:
        fresh += notify(
            _members(meeting.area_id, Role.COORDINATOR),
            key=f"minutes-draft-{meeting.pk}",
            message=f"Finish the draft minutes of the MARAC meeting on {when}",
            link=link,
            email=True,
            area_id=meeting.area_id,
        )
    if minutes.status == MinutesStatus.DRAFT and elapsed >= max(1, due - 2):
        fresh += notify(
            _members(meeting.area_id, Role.CHAIR),
            key=f"minutes-approve-{meeting.pk}",
            message=f"Approve the minutes of the MARAC meeting on {when}: due within {due} working days",
            link=link,
            email=True,
            area_id=meeting.area_id,
        )
    if elapsed > due:
        fresh += notify(
            _members(meeting.area_id, Role.GOVERNANCE),
            key=f"minutes-late-{meeting.pk}",
            message=f"The minutes of the MARAC meeting on {when} are late: not yet approved and sent",
            link=link,
            email=True,
            area_id=meeting.area_id,
        )
    return fresh


def _unread_reminders(meeting: Meeting) -> list[int]:
    """Distributed minutes: remind the invited agencies' representatives who have not opened them."""
    readers = set(meeting.minutes.reads.values_list("user_id", flat=True))
    unread = [
        u
        for u in User.objects.filter(
            is_active=True,
            agency__in=meeting.invited_agencies.all(),
            memberships__area_id=meeting.area_id,
            memberships__role__in=INVITED_AGENCY_ROLES,
        ).distinct()
        if u.pk not in readers
    ]
    return notify_minutes(
        unread,
        meeting,
        key=f"minutes-unread-{meeting.pk}",
        message=f"Reminder: {{contents}} from the MARAC meeting on {meeting.date:%-d %B %Y} to read",
        email=True,
    )


def _each_in_its_own_transaction(remind: Callable[[], list[int]]) -> int:
    """One meeting's reminders, their notices and emails committed together; how many were newly told."""
    with transaction.atomic():
        return len(remind())


def minutes_reminders(*, today: date | None = None) -> int:
    """Coordinator: finish the draft minutes; chair: approve them; governance
    lead: minutes are late; agencies: distributed minutes not yet opened."""
    today = today or timezone.localdate()
    told = 0
    held = Meeting.objects.filter(status=MeetingStatus.HELD, minutes__isnull=False).select_related("area", "minutes")
    for meeting in held.filter(minutes__status__in=[MinutesStatus.DRAFT, MinutesStatus.APPROVED]):
        told += _each_in_its_own_transaction(partial(_unfinished_reminders, meeting, today))
    # Distributed minutes not opened after three working days: one reminder each.
    for meeting in held.filter(minutes__status=MinutesStatus.DISTRIBUTED, minutes__distributed_at__isnull=False):
        if working_days_between(timezone.localdate(meeting.minutes.distributed_at), today) >= 3:
            told += _each_in_its_own_transaction(partial(_unread_reminders, meeting))
    return told

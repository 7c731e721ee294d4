"""Reminders about minutes, and the weekly action digest.

Each reminder is a ``Notification`` whose (user, dedupe_key) is unique: the
database refuses a second one, so a repeated or concurrent run reminds
nobody twice. Emails carry no personal data (a date and a link).
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import partial

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from cases.models import Meeting, MeetingStatus, MinutesStatus, Notification
from marac.models import Membership, Role, User


def working_days_between(start: date, end: date) -> int:
    """Working days (Monday to Friday) after ``start`` up to and including ``end``."""
    days = 0
    day = start
    while day < end:
        day += timedelta(days=1)
        if day.weekday() < 5:
            days += 1
    return days


def _notify(users: list[User], key: str, message: str, link: str) -> list[int]:
    fresh = []
    for user in users:
        _, created = Notification.objects.get_or_create(
            user=user, dedupe_key=key, defaults={"message": message, "link": link}
        )
        if created:
            fresh.append(user.pk)
    return fresh


def _members(area_id: int, role: str) -> list[User]:
    return list(
        User.objects.filter(
            is_active=True,
            pk__in=Membership.objects.filter(area_id=area_id, role=role, is_active=True).values("user_id"),
        )
    )


def minutes_reminders(*, today: date | None = None) -> int:
    """Coordinator: finish the draft minutes; chair: approve them; governance
    lead: minutes are late; agencies: distributed minutes not yet opened."""
    from cases.tasks import send_notification_emails

    today = today or timezone.localdate()
    told = 0
    held = Meeting.objects.filter(status=MeetingStatus.HELD, minutes__isnull=False).select_related("area", "minutes")
    for meeting in held.filter(minutes__status__in=[MinutesStatus.DRAFT, MinutesStatus.APPROVED]):
        minutes = meeting.minutes
        elapsed = working_days_between(meeting.date, today)
        due = meeting.area.minutes_due_working_days
        link = reverse("meeting-minutes", args=[meeting.pk])
        when = f"{meeting.date:%-d %B %Y}"
        fresh: list[int] = []
        if minutes.status == MinutesStatus.DRAFT and elapsed >= 1:
            fresh += _notify(
                _members(meeting.area_id, Role.COORDINATOR),
                f"minutes-draft-{meeting.pk}",
                f"Finish the draft minutes of the MARAC meeting on {when}",
                link,
            )
        if minutes.status == MinutesStatus.DRAFT and elapsed >= max(1, due - 2):
            fresh += _notify(
                _members(meeting.area_id, Role.CHAIR),
                f"minutes-approve-{meeting.pk}",
                f"Approve the minutes of the MARAC meeting on {when}: due within {due} working days",
                link,
            )
        if elapsed > due:
            fresh += _notify(
                _members(meeting.area_id, Role.GOVERNANCE),
                f"minutes-late-{meeting.pk}",
                f"The minutes of the MARAC meeting on {when} are late: not yet approved and sent",
                link,
            )
        told += len(fresh)
        if fresh:
            transaction.on_commit(partial(send_notification_emails.delay, fresh))
    # Distributed minutes not opened after three working days: one reminder each.
    for meeting in held.filter(minutes__status=MinutesStatus.DISTRIBUTED, minutes__distributed_at__isnull=False):
        if working_days_between(timezone.localdate(meeting.minutes.distributed_at), today) < 3:
            continue
        readers = set(meeting.minutes.reads.values_list("user_id", flat=True))
        unread = [
            u
            for u in User.objects.filter(
                is_active=True,
                agency__in=meeting.invited_agencies.all(),
                memberships__area_id=meeting.area_id,
                memberships__role__in=[Role.REPRESENTATIVE, Role.IDAA],
            ).distinct()
            if u.pk not in readers
        ]
        fresh = _notify(
            unread,
            f"minutes-unread-{meeting.pk}",
            f"Reminder: minutes and actions from the MARAC meeting on {meeting.date:%-d %B %Y} to read",
            reverse("meeting-minutes", args=[meeting.pk]),
        )
        told += len(fresh)
        if fresh:
            transaction.on_commit(partial(send_notification_emails.delay, fresh))
    return told

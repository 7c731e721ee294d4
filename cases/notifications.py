"""Notifications: the in-service notices each user sees, and the email that tells them one is waiting.

A notice carries no personal data: a reference, a date and a link at most.
``notify`` is the one way to create them. Its ``key`` makes each notice
idempotent per user (the database refuses a second (user, key) row), so a
repeated, retried or concurrent run tells nobody twice.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone

from cases.models import Notification
from marac.models import User
from marac.outbox import services as outbox
from marac.outbox.models import MessageKind

NO_PERSONAL_DATA = "This email contains no personal information. Do not reply with case details."


def notify(
    users: Iterable[User | int], *, key: str, message: str, link: str, email: bool = False, area_id: int | None = None
) -> list[int]:
    """Give each user the notice ``message`` (linking to ``link``) once for ``key``, and with ``email``
    an email saying so to each user newly told (written to the outbox, so sent once the change commits;
    ``area_id`` names whose coordinators hear if it cannot be delivered).

    Call inside the transaction of the change that prompts it. Returns the ids
    of the users newly told (those who already had this notice are left alone).
    """
    told = []
    for user in users:
        user_id = user if isinstance(user, int) else user.pk
        _, created = Notification.objects.get_or_create(
            user_id=user_id, dedupe_key=key, defaults={"message": message, "link": link}
        )
        if created:
            told.append(user_id)
    if email and told:
        outbox.enqueue(
            MessageKind.NOTICE,
            told,
            subject=f"MARAC: {message}"[:150],
            body=f"{message}.\n\nSign in to see it: {settings.MARAC_BASE_URL}{link}\n\n{NO_PERSONAL_DATA}",
            area_id=area_id,
        )
    return told


def notifications_for(user: User, *, limit: int = 50) -> list[Notification]:
    """The user's newest notices."""
    return list(Notification.objects.filter(user=user)[:limit])


def unread_notifications(user: User) -> QuerySet[Notification]:
    return Notification.objects.filter(user=user, read_at__isnull=True)


def notifications_mark_read(*, user: User) -> int:
    """Mark all the user's notices read. Returns how many were unread."""
    return unread_notifications(user).update(read_at=timezone.now())

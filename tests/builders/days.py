"""Moments on given days, in the service's time zone (``__date`` lookups use the local date)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.utils import timezone


def at(day: date, hour: int = 12, minute: int = 0) -> datetime:
    """``day`` at ``hour``:``minute``, local time (midday by default)."""
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def deadline_before(day: date) -> datetime:
    """The research deadline the tests give a meeting on ``day``: 17:00 two days before."""
    return at(day - timedelta(days=2), 17)

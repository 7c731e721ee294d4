"""Housekeeping tasks run by Celery beat. Each is idempotent."""

from __future__ import annotations

import time
from importlib import import_module

import redis
from celery import shared_task
from django.conf import settings
from django.utils import timezone

from marac import sign_in_throttle
from marac.accounts import reminders
from marac.drafts import services as drafts_services
from marac.outbox import sender

HEARTBEAT_KEY = "marac:beat-heartbeat"
# One sender run; shorter than the beat interval so runs rarely overlap (they may: SKIP LOCKED).
OUTBOX_RUN_SECONDS = 25.0


def redis_client(timeout: float = 2.0) -> redis.Redis:
    return redis.Redis.from_url(settings.REDIS_URL, socket_timeout=timeout, socket_connect_timeout=timeout)


@shared_task(name="marac.tasks.beat_heartbeat")
def beat_heartbeat() -> float:
    """Scheduled by beat every minute and run by a worker: its timestamp in
    Redis tells the health endpoint that beat and a worker both work."""
    now = time.time()
    redis_client().set(HEARTBEAT_KEY, now, ex=3600)
    return now


@shared_task(name="marac.tasks.purge_expired_sessions")
def purge_expired_sessions() -> None:
    """Delete sessions past their idle timeout (safe to run any number of times)."""
    engine = import_module(settings.SESSION_ENGINE)
    engine.SessionStore.clear_expired()


@shared_task(name="marac.tasks.purge_sign_in_throttle")
def purge_sign_in_throttle() -> int:
    """Forget failed sign-in counts older than a day (safe to run any number of times)."""
    return sign_in_throttle.purge_forgotten()


@shared_task(name="marac.tasks.purge_drafts")
def purge_drafts() -> int:
    """Forget drafts older than a week (safe to run any number of times)."""
    return drafts_services.drafts_purge()


@shared_task(name="marac.tasks.send_outbox")
def send_outbox() -> int:
    """Every half minute from beat, and after each commit that writes messages: send what is due, each
    message marked sent in its own transaction (safe to run any number of times, at once or not)."""
    return sender.send_due(max_seconds=OUTBOX_RUN_SECONDS).sent


@shared_task(name="marac.tasks.account_review_reminders")
def account_review_reminders() -> int:
    """Remind representatives, once a quarter, to confirm who in their agency still needs access."""
    return reminders.send_quarterly_reminders(timezone.localdate())

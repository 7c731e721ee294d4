"""A real Celery worker (in a thread of this process) on the test Redis broker.

The worker has its own database connection, so these tests use committed
transactions (``transaction=True``) rather than the usual rollback.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from datetime import timedelta
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import pytest
import redis
from celery.contrib.testing.worker import start_worker
from celery.worker import WorkController
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.utils import timezone

from marac.celery import app
from marac.tasks import HEARTBEAT_KEY, beat_heartbeat, purge_expired_sessions, redis_client

pytestmark = pytest.mark.celery_worker

WAIT_SECONDS = 15.0


def wait_for(predicate: Callable[[], object], timeout: float = WAIT_SECONDS) -> object:
    """Poll ``predicate`` until it returns something truthy, or fail."""
    deadline = time.monotonic() + timeout
    while True:
        result = predicate()
        if result:
            return result
        if time.monotonic() > deadline:
            pytest.fail(f"condition not met within {timeout} s")
        time.sleep(0.05)


def with_db(redis_url: str, db: int) -> str:
    """The same Redis server, another logical database (unix:// or redis://)."""
    if redis_url.startswith("unix://"):
        # urlunsplit would drop the "//" of a URL without a host.
        base, _, query = redis_url.partition("?")
        return f"{base}?{urlencode({**dict(parse_qsl(query)), 'db': str(db)})}"
    return urlunsplit(urlsplit(redis_url)._replace(path=f"/{db}"))


@pytest.fixture
def redis_conn(settings: Any, monkeypatch: pytest.MonkeyPatch) -> Iterator[redis.Redis]:
    """A Redis namespace of this test process's own.

    Other pytest processes (pytest-xdist workers, a second run) may share the
    test Redis server: their workers must neither take this process's tasks
    nor answer its pings, and their heartbeats must not show up here. The
    heartbeat goes to another logical database; Celery's queues and
    broadcast channels get a key prefix.
    """
    settings.REDIS_URL = with_db(settings.REDIS_URL, 1 + os.getpid() % 15)
    options = {**app.conf.broker_transport_options, "global_keyprefix": f"marac-test-{os.getpid()}:"}
    monkeypatch.setitem(app.conf, "broker_transport_options", options)
    # New connection and producer pools for the new options; monkeypatch puts
    # the original pools back afterwards.
    monkeypatch.setattr(app, "_pool", None)
    monkeypatch.setattr(app.amqp, "_producer_pool", None)
    client = redis_client()
    client.delete(HEARTBEAT_KEY)
    yield client
    client.close()


@pytest.fixture
def celery_worker(redis_conn: redis.Redis) -> Iterator[WorkController]:
    assert app.conf.broker_url == settings.CELERY_BROKER_URL
    with start_worker(app, pool="solo", concurrency=1, perform_ping_check=False, shutdown_timeout=20) as worker:
        yield worker


def test_celery_app_is_configured_for_at_least_once_delivery() -> None:
    conf = app.conf
    assert conf.task_acks_late is True
    assert conf.task_reject_on_worker_lost is True
    assert conf.worker_prefetch_multiplier == 1
    assert conf.task_serializer == "json"
    assert conf.accept_content == ["json"]
    assert conf.broker_url == settings.CELERY_BROKER_URL
    assert "heartbeat" in conf.beat_schedule
    assert "purge-expired-sessions" in conf.beat_schedule


@pytest.mark.django_db(transaction=True)
def test_heartbeat_runs_on_a_real_worker(celery_worker: WorkController, redis_conn: redis.Redis) -> None:
    assert redis_conn.get(HEARTBEAT_KEY) is None
    before = time.time()
    beat_heartbeat.delay()
    raw = wait_for(lambda: redis_conn.get(HEARTBEAT_KEY))
    assert before - 1 <= float(raw) <= time.time() + 1  # type: ignore[arg-type]
    assert 0 < redis_conn.ttl(HEARTBEAT_KEY) <= 3600


def _session(expire_in: timedelta) -> str:
    store = SessionStore()
    store["marker"] = "synthetic"
    store.create()
    Session.objects.filter(session_key=store.session_key).update(expire_date=timezone.now() + expire_in)
    return str(store.session_key)


@pytest.mark.django_db(transaction=True)
def test_purge_expired_sessions_on_a_worker_is_idempotent(
    celery_worker: WorkController, redis_conn: redis.Redis
) -> None:
    expired = _session(timedelta(minutes=-1))
    live = _session(timedelta(minutes=30))

    purge_expired_sessions.delay()
    wait_for(lambda: not Session.objects.filter(session_key=expired).exists())
    assert Session.objects.filter(session_key=live).exists()

    # Again, on the worker: tasks run in order (solo pool, prefetch 1), so once
    # the heartbeat sent afterwards has run, the second purge has run too.
    purge_expired_sessions.delay()
    beat_heartbeat.delay()
    wait_for(lambda: redis_conn.get(HEARTBEAT_KEY))
    assert Session.objects.filter(session_key=live).exists()
    assert not Session.objects.filter(session_key=expired).exists()

    # And directly, in this process.
    purge_expired_sessions()
    assert list(Session.objects.values_list("session_key", flat=True)) == [live]

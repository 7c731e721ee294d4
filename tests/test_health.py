"""GET /health/ without a Celery worker, and with Redis unreachable.

The health endpoint must answer quickly whatever is down, answer 200 while
the database works, and never carry personal data. The web pages must keep
working without Redis.
"""

from __future__ import annotations

import contextlib
import os
import signal
from collections.abc import Callable, Iterator
from types import FrameType
from typing import Any

import pytest
from django.db import OperationalError
from django.test import Client

from marac.celery import app
from marac.models import User
from marac.tasks import HEARTBEAT_KEY, redis_client
from marac.views import health as health_view
from tests.test_celery import with_db

DEAD_REDIS_URL = "unix:///nonexistent/marac-test/redis.sock?db=0"
DEAD_BROKER_URL = "redis+socket:///nonexistent/marac-test/redis.sock?db=0"
EXPECTED_KEYS = {"status", "database", "redis", "worker", "beat", "version"}


@contextlib.contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Fail (rather than hang) if the block takes longer than ``seconds``."""

    def expired(signum: int, frame: FrameType | None) -> None:
        raise TimeoutError(f"took longer than {seconds} s")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@pytest.fixture
def no_heartbeat(settings: Any, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """No heartbeat, and no worker of another pytest process sharing the test Redis.

    As in test_celery: a logical database of this process's own for the
    heartbeat, and a key prefix for Celery's broadcast channels, so that no
    other process's worker answers the health check's ping.
    """
    settings.REDIS_URL = with_db(settings.REDIS_URL, 1 + os.getpid() % 15)
    options = {**app.conf.broker_transport_options, "global_keyprefix": f"marac-test-{os.getpid()}:"}
    monkeypatch.setitem(app.conf, "broker_transport_options", options)
    monkeypatch.setattr(app, "_pool", None)
    monkeypatch.setattr(app.amqp, "_producer_pool", None)
    client = redis_client()
    client.delete(HEARTBEAT_KEY)
    yield
    client.close()


@pytest.fixture
def redis_down(settings: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """Both the application's Redis URL and the Celery broker point at a dead socket."""
    settings.REDIS_URL = DEAD_REDIS_URL
    monkeypatch.setitem(app.conf, "broker_url", DEAD_BROKER_URL)
    # Drop the cached connection and producer pools so the new URL is used;
    # monkeypatch puts the originals back afterwards.
    monkeypatch.setattr(app, "_pool", None)
    monkeypatch.setattr(app.amqp, "_producer_pool", None)


def _assert_no_personal_data(content: bytes, *users: User) -> None:
    assert b"@" not in content
    for user in users:
        assert user.email.encode() not in content
        assert user.full_name.encode() not in content


@pytest.mark.django_db
def test_health_without_a_worker_is_up_but_degraded(client: Client, no_heartbeat: None, coordinator: User) -> None:
    with time_limit(10):
        response = client.get("/health/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert "no-cache" in response["Cache-Control"]
    body = response.json()
    assert set(body) == EXPECTED_KEYS
    assert body["database"] == "ok"
    assert body["redis"] == "ok"
    assert body["worker"] == "down"
    assert body["beat"] == "no heartbeat yet"
    assert body["status"] == "degraded"
    _assert_no_personal_data(response.content, coordinator)


@pytest.mark.django_db
def test_health_answers_quickly_when_redis_is_down(client: Client, redis_down: None, coordinator: User) -> None:
    with time_limit(5):
        response = client.get("/health/")
    assert response.status_code == 200
    body = response.json()
    assert set(body) == EXPECTED_KEYS
    assert body["database"] == "ok"
    assert body["redis"] == "down"
    assert body["worker"] == "unknown"
    assert body["beat"] == "unknown"
    assert body["status"] == "degraded"
    _assert_no_personal_data(response.content, coordinator)


@pytest.mark.django_db
def test_pages_still_work_when_redis_is_down(
    verified_client: Callable[[User], Client], coordinator: User, redis_down: None
) -> None:
    with time_limit(5):
        response = verified_client(coordinator).get("/")
    assert response.status_code == 200
    assert b"Your MARAC work" in response.content


@pytest.mark.django_db
def test_health_answers_503_when_the_database_is_down(
    client: Client, monkeypatch: pytest.MonkeyPatch, no_heartbeat: None
) -> None:
    class BrokenConnection:
        def cursor(self) -> None:
            raise OperationalError("connection refused")

    monkeypatch.setattr(health_view, "connection", BrokenConnection())
    with time_limit(10):
        response = client.get("/health/")
    assert response.status_code == 503
    body = response.json()
    assert body["database"] == "down"
    assert body["status"] == "degraded"


@pytest.mark.django_db
def test_health_is_get_only_and_needs_no_sign_in(client: Client) -> None:
    assert client.post("/health/").status_code == 405
    response = client.get("/health/")
    assert response.status_code in (200, 503)
    assert "Location" not in response

"""GET /health/ (marac/views/health.py, marac/health_middleware.py), for real.

The answer is JSON whatever is down, with each check's state: 200 and "ok"
when every check passes (database, Redis, beat's heartbeat, a worker, the
outbox); 200 and "degraded" when the pages work but background work does not;
503 and "down" when the database is down, also for a signed-in client (a real
PostgreSQL, stopped). Quickly, and with no personal data.
The web pages keep working without Redis.
"""

from __future__ import annotations

import contextlib
import shutil
import signal
import tempfile
import time
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path
from types import FrameType
from typing import Any

import pytest
import redis
from celery.worker import WorkController
from django.conf import settings as django_settings
from django.db import connection
from django.test import Client
from django.utils import timezone

from marac import embedded
from marac.celery import app
from marac.models import User
from marac.outbox import services as outbox_services
from marac.outbox.models import MessageKind, OutboxMessage
from marac.tasks import HEARTBEAT_KEY, beat_heartbeat
from marac.views import health as health_view
from tests.conftest import sign_in_verified
from tests.test_celery import celery_worker, redis_conn, wait_for

__all__ = ["celery_worker", "redis_conn"]  # fixtures, imported to be used here

DEAD_REDIS_URL = "unix:///nonexistent/marac-test/redis.sock?db=0"
DEAD_BROKER_URL = "redis+socket:///nonexistent/marac-test/redis.sock?db=0"
CHECK_NAMES = {"database", "redis", "beat", "worker", "outbox"}


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
def redis_down(settings: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """Both the application's Redis URL and the Celery broker point at a dead socket."""
    settings.REDIS_URL = DEAD_REDIS_URL
    monkeypatch.setitem(app.conf, "broker_url", DEAD_BROKER_URL)
    # Drop the cached connection and producer pools so the new URL is used;
    # monkeypatch puts the originals back afterwards.
    monkeypatch.setattr(app, "_pool", None)
    monkeypatch.setattr(app.amqp, "_producer_pool", None)


@pytest.fixture
def stopped_postgres() -> Iterator[embedded.EmbeddedPostgres]:
    """A real PostgreSQL of its own, started once and then stopped: its socket
    directory is where a database that went down was."""
    root = Path(tempfile.mkdtemp(prefix="marac-health-test-"))
    pg = embedded.EmbeddedPostgres(root / "var", fast_unsafe=True)
    try:
        pg.start()
        pg.stop()
        assert not pg.is_running()
        yield pg
    finally:
        with contextlib.suppress(Exception):
            pg.stop()
        shutil.rmtree(root, ignore_errors=True)
        socket_dir = embedded.socket_dir_for(root / "var" / "run")
        if not socket_dir.is_relative_to(root):
            shutil.rmtree(socket_dir, ignore_errors=True)


@contextlib.contextmanager
def database_down(pg: embedded.EmbeddedPostgres) -> Iterator[None]:
    """Django's connection points at the stopped server for the block."""
    connection.close()
    original = connection.settings_dict["HOST"]
    connection.settings_dict["HOST"] = str(pg.socket_dir)
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict["HOST"] = original


def _checks(response: Any) -> dict[str, dict[str, Any]]:
    assert response["Content-Type"] == "application/json"
    assert "no-store" in response["Cache-Control"]
    body = response.json()
    assert set(body) == {"status", "checks", "version"}
    assert set(body["checks"]) >= CHECK_NAMES
    for result in body["checks"].values():
        assert isinstance(result["ok"], bool)
        assert isinstance(result["state"], str)
    checks: dict[str, dict[str, Any]] = body["checks"]
    return checks


def _assert_no_personal_data(content: bytes, *users: User) -> None:
    assert b"@" not in content
    for user in users:
        assert user.email.encode() not in content
        assert user.full_name.encode() not in content


@pytest.mark.django_db(transaction=True)
def test_ok_with_a_worker_and_a_fresh_heartbeat(
    celery_worker: WorkController, redis_conn: redis.Redis, client: Client, coordinator: User
) -> None:
    beat_heartbeat.delay()
    wait_for(lambda: redis_conn.get(HEARTBEAT_KEY))
    sign_in_verified(client, coordinator)
    response = client.get("/health/")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"
    checks = _checks(response)
    assert all(result["ok"] for result in checks.values())
    assert {name: result["state"] for name, result in checks.items()} == dict.fromkeys(CHECK_NAMES, "ok")
    assert 0 <= checks["beat"]["age_seconds"] < health_view.BEAT_STALE_SECONDS
    _assert_no_personal_data(response.content, coordinator)


@pytest.mark.django_db(transaction=True)
def test_a_stale_heartbeat_is_degraded_though_a_worker_answers(
    celery_worker: WorkController, redis_conn: redis.Redis, client: Client
) -> None:
    # The last heartbeat 10 minutes ago: beat stopped scheduling (no reminders).
    redis_conn.set(HEARTBEAT_KEY, time.time() - 600, ex=3600)
    response = client.get("/health/")
    assert response.status_code == 200
    assert response.json()["status"] == "degraded"
    checks = _checks(response)
    assert checks["beat"]["ok"] is False
    assert checks["beat"]["state"] == "stale"
    assert checks["beat"]["age_seconds"] >= 600
    assert {name for name, result in checks.items() if result["ok"]} == {"database", "redis", "worker", "outbox"}


@pytest.mark.django_db
def test_no_heartbeat_and_no_worker_is_degraded(client: Client, redis_conn: redis.Redis, coordinator: User) -> None:
    with time_limit(10):
        response = client.get("/health/")
    assert response.status_code == 200
    assert response.json()["status"] == "degraded"
    checks = _checks(response)
    assert checks["database"] == {"ok": True, "state": "ok"}
    assert checks["redis"] == {"ok": True, "state": "ok"}
    assert checks["beat"]["state"] == "no heartbeat"
    assert checks["worker"] == {"ok": False, "state": "down"}
    _assert_no_personal_data(response.content, coordinator)


@pytest.mark.django_db
def test_redis_down_is_degraded_and_answers_quickly(client: Client, redis_down: None, coordinator: User) -> None:
    sign_in_verified(client, coordinator)
    with time_limit(5):
        response = client.get("/health/")
    assert response.status_code == 200
    assert response.json()["status"] == "degraded"
    checks = _checks(response)
    assert checks["database"]["ok"] is True
    assert checks["redis"] == {"ok": False, "state": "down"}
    assert checks["beat"] == {"ok": False, "state": "unknown"}
    assert checks["worker"] == {"ok": False, "state": "unknown"}
    _assert_no_personal_data(response.content, coordinator)


@pytest.mark.django_db
def test_pages_still_work_when_redis_is_down(
    verified_client: Callable[[User], Client], coordinator: User, redis_down: None
) -> None:
    with time_limit(5):
        response = verified_client(coordinator).get("/")
    assert response.status_code == 200
    assert b"Your MARAC work" in response.content


@pytest.mark.django_db(transaction=True)
def test_database_down_answers_503_json_to_signed_in_and_anonymous_clients(
    stopped_postgres: embedded.EmbeddedPostgres, redis_conn: redis.Redis, coordinator: User
) -> None:
    signed_in = sign_in_verified(Client(raise_request_exception=False), coordinator)
    anonymous = Client(raise_request_exception=False)
    redis_conn.set(HEARTBEAT_KEY, time.time(), ex=3600)
    with database_down(stopped_postgres), time_limit(10):
        responses = [signed_in.get("/health/"), anonymous.get("/health/")]
    for response in responses:
        assert response.status_code == 503
        assert response.json()["status"] == "down"
        checks = _checks(response)
        assert checks["database"] == {"ok": False, "state": "down"}
        assert checks["redis"]["ok"] is True
        assert checks["beat"]["state"] == "ok"
        _assert_no_personal_data(response.content, coordinator)
    # The database is back: the same signed-in client is still signed in.
    assert signed_in.get("/").status_code == 200


@pytest.mark.django_db
def test_a_signed_in_request_reads_neither_session_nor_user(
    client: Client, coordinator: User, redis_conn: redis.Redis, django_assert_num_queries: Any
) -> None:
    """Nothing but the database and outbox checks touch the database: the
    session and the user, which an outage makes unreadable, are never loaded."""
    sign_in_verified(client, coordinator)
    with django_assert_num_queries(2) as queries:
        response = client.get("/health/")
    assert response.json()["status"] == "degraded"  # no worker, no heartbeat
    assert queries.captured_queries[0]["sql"] == "SELECT 1"
    assert "marac_outboxmessage" in queries.captured_queries[1]["sql"]


def test_the_health_middleware_comes_first() -> None:
    assert django_settings.MIDDLEWARE[0] == "marac.health_middleware.HealthCheckMiddleware"


@pytest.mark.django_db
def test_an_added_check_counts_and_a_broken_one_never_breaks_the_answer(
    client: Client, redis_conn: redis.Redis, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The seam for further checks (an outbox check, say): a callable
    returning (name, ok, detail), appended to CHECKS."""

    def check_queue() -> health_view.CheckResult:
        return "queue", True, {"state": "ok", "pending": 0}

    def check_broken() -> health_view.CheckResult:
        raise RuntimeError("a bug in a check")

    passing = [lambda: ("database", True, {"state": "ok"}), check_queue]
    monkeypatch.setattr(health_view, "CHECKS", passing)
    response = client.get("/health/")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "checks": {"database": {"ok": True, "state": "ok"}, "queue": {"ok": True, "state": "ok", "pending": 0}},
        "version": response.json()["version"],
    }

    monkeypatch.setattr(health_view, "CHECKS", [*passing, check_broken])
    response = client.get("/health/")
    assert response.status_code == 200
    assert response.json()["status"] == "degraded"
    assert response.json()["checks"]["broken"] == {"ok": False, "state": "error"}
    assert b"a bug in a check" not in response.content


@pytest.mark.django_db
def test_health_is_get_only_and_needs_no_sign_in(client: Client) -> None:
    assert client.post("/health/").status_code == 405
    response = client.get("/health/")
    assert response.status_code in (200, 503)
    assert response["Content-Type"] == "application/json"
    assert "Location" not in response


@pytest.mark.django_db
def test_email_failing_or_waiting_unsent_is_degraded(
    client: Client, coordinator: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(health_view, "CHECKS", [health_view.check_database, health_view.check_outbox])
    assert client.get("/health/").json()["status"] == "ok"
    (message,) = outbox_services.enqueue(MessageKind.NOTICE, [coordinator], subject="MARAC", body="Sign in")
    # Due for longer than MARAC_OUTBOX_STUCK_SECONDS and never tried: the sender is not running.
    OutboxMessage.objects.filter(pk=message.pk).update(next_attempt_at=timezone.now() - timedelta(hours=1))
    response = client.get("/health/")
    assert (response.status_code, response.json()["status"]) == (200, "degraded")
    assert response.json()["checks"]["outbox"] == {
        "ok": False,
        "state": "stuck",
        "due": 1,
        "failing": 0,
        "oldest_due_seconds": 3600,
    }
    OutboxMessage.objects.update(next_attempt_at=timezone.now() + timedelta(minutes=5), attempts=5)
    outbox = client.get("/health/").json()["checks"]["outbox"]
    assert (outbox["state"], outbox["failing"], outbox["due"]) == ("failing", 1, 0)
    _assert_no_personal_data(client.get("/health/").content, coordinator)

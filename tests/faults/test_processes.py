"""Faults with real processes: a Celery worker SIGKILLed mid-batch, PostgreSQL stopped for 3 seconds mid-batch,
Redis down across a commit. A real ``celery worker`` and ``celery beat`` (the outbox sender's entry, every
second) run as subprocesses; the mail server is the slow sink (20-50 ms a message, each delivery fsynced to a
file), so the test counts what was really delivered. Each scenario asserts 0 lost and at most one duplicate
per fault, and prints its counts (``pytest -s``)."""

from __future__ import annotations

import os
import time
from functools import partial
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse

from cases.meetings import schedule as meeting_schedule
from cases.models import AgendaItem, Meeting, MeetingStatus
from marac.celery import app
from marac.embedded import EmbeddedPostgres, EmbeddedRedis
from marac.models import AgencyKind, Role
from marac.outbox import services
from marac.outbox.models import MessageKind, OutboxMessage
from marac.settings.base import celery_broker_url
from tests.conftest import sign_in_verified
from tests.factories import AgencyFactory, CaseFactory, MaracAreaFactory, UserFactory
from tests.faults.conftest import Sink
from tests.faults.mailsink import delivered_count, read_sink
from tests.faults.procs import Counts, Processes, processes, wait_for, with_database

pytestmark = pytest.mark.faults

BATCH = 100
# Generous bounds for a loaded two-core machine; each is a poll, never a fixed wait.
START_SECONDS = 40.0
DRAIN_SECONDS = 45.0


def subprocess_env(redis: EmbeddedRedis, sink: Sink) -> dict[str, str]:
    """The subprocesses' environment: the test database (committed rows, transactional tests) and the
    scenario's Redis."""
    return {
        "DATABASE_URL": with_database(os.environ["DATABASE_URL"], connection.settings_dict["NAME"]),
        "REDIS_URL": redis.url(),
        **sink.env(),
    }


def write_batch(size: int) -> set[str]:
    """``size`` messages to as many people, committed with the sender's kick patched out: only beat sends them."""
    with mock.patch("marac.outbox.services.kick_sender") as kick, transaction.atomic():
        users = UserFactory.create_batch(size, agency=AgencyFactory())
        services.enqueue(MessageKind.NOTICE, users, subject="MARAC: fault test notice", body="Sign in to see it")
    assert kick.call_count == 1
    return {user.email for user in users}


def at_least(path: Path, count: int) -> bool:
    return delivered_count(path) >= count


def beat_sent_the_tasks(started: Processes) -> bool:
    return "Sending due task send-outbox (marac.tasks.send_outbox)" in started.logs()


@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_batch_loses_nothing(tmp_path: Path, sink: Sink, scenario_redis: EmbeddedRedis) -> None:
    """SIGKILL the worker twice in a batch of 100 slow sends, restarting it each time: all 100 delivered, at
    most one duplicate a kill (the message the mail server took before its row was marked sent). The rows are
    committed with the kick after commit patched out, so beat alone has the worker send them."""
    counts = Counts("worker SIGKILL x2 mid-batch", written=BATCH, delivered=[], faults=0)
    killed_at: list[int] = []
    resumed_after: list[float] = []
    with processes(tmp_path, subprocess_env(scenario_redis, sink)) as started:
        worker = started.worker()  # starting while the batch is written
        started.beat()
        expected = write_batch(BATCH)
        for kill_after in (25, 60):
            wait_for(f"{kill_after} delivered", partial(at_least, sink.file, kill_after), START_SECONDS)
            started.kill(worker)
            counts.faults += 1
            killed_at.append(delivered_count(sink.file))
            assert killed_at[-1] < BATCH, "the kill came after the batch: it proves nothing"
            worker = started.worker()
            restarted = time.monotonic()
            wait_for("sending again", partial(at_least, sink.file, killed_at[-1] + 1), START_SECONDS)
            resumed_after.append(round(time.monotonic() - restarted, 1))  # worker start-up and the next beat
        wait_for(
            "every message marked sent",
            lambda: not OutboxMessage.objects.filter(sent_at__isnull=True).exists(),
            DRAIN_SECONDS,
            interval=0.1,
        )
        assert worker.poll() is None
        assert beat_sent_the_tasks(started)
    counts.delivered = [d.to for d in read_sink(sink.file)]
    counts.extra.update(killed_at=killed_at, resumed_seconds_after_restart=resumed_after)
    counts.report(expected)
    assert counts.lost(expected) == 0
    assert set(counts.delivered) == expected
    assert counts.duplicates <= counts.faults
    # The killed transaction left no trace: each row was tried once, by the run that sent it.
    assert OutboxMessage.objects.filter(sent_at__isnull=False, attempts=1, cancelled_at__isnull=True).count() == BATCH


def synchronous_commit(server: EmbeddedPostgres) -> str:
    with server.admin_connection() as conn:
        row = conn.execute("SHOW synchronous_commit").fetchone()
    assert row is not None
    return str(row[0])


def due_in(server: EmbeddedPostgres) -> tuple[int, int]:
    """(still to send, cancelled) in the scenario's own database."""
    with server.admin_connection() as conn:
        row = conn.execute(
            "SELECT count(*) FILTER (WHERE sent_at IS NULL AND cancelled_at IS NULL),"
            " count(*) FILTER (WHERE cancelled_at IS NOT NULL) FROM marac_outboxmessage"
        ).fetchone()
    assert row is not None
    return row[0], row[1]


def test_postgres_stopped_for_3_seconds_mid_batch(
    tmp_path: Path, sink: Sink, scenario_redis: EmbeddedRedis, scenario_postgres: EmbeddedPostgres
) -> None:
    """The scenario's own PostgreSQL (migrated by a subprocess) stops at once (``-m immediate``) mid-batch and
    comes back 3 seconds later: the same worker carries on, all 100 delivered, at most one duplicate."""
    assert synchronous_commit(scenario_postgres) == "on"  # a commit that returned survives the stop
    counts = Counts("PostgreSQL stopped 3 s mid-batch", written=BATCH, delivered=[], faults=0)
    env = {"DATABASE_URL": scenario_postgres.url(), "REDIS_URL": scenario_redis.url(), **sink.env()}
    with processes(tmp_path, env) as started:
        worker = started.worker()  # starting while the database is migrated; nothing queues a task yet
        lines = started.run(["-m", "tests.faults.seed", "--messages", str(BATCH)], timeout=150).split()
        expected = {line for line in lines if "@" in line}
        assert len(expected) == BATCH
        counts.extra["migrated_and_written_after_seconds"] = round(time.monotonic() - counts.started, 1)
        started.beat()
        wait_for("40 delivered", partial(at_least, sink.file, 40), START_SECONDS)
        stop = ["pg_ctl", "-D", str(scenario_postgres.data_dir), "-m", "immediate", "stop"]
        stopped = scenario_postgres.run_tool(stop)
        assert stopped.returncode == 0, stopped.stderr
        counts.faults += 1
        at_stop = delivered_count(sink.file)
        assert at_stop < BATCH, "PostgreSQL stopped after the batch: it proves nothing"
        time.sleep(3)  # the outage itself
        during = delivered_count(sink.file) - at_stop
        scenario_postgres.start()
        wait_for("every message marked sent", lambda: due_in(scenario_postgres)[0] == 0, DRAIN_SECONDS, interval=0.2)
        assert worker.poll() is None, "the worker died instead of carrying on"
        assert due_in(scenario_postgres)[1] == 0
        assert beat_sent_the_tasks(started)
    counts.delivered = [d.to for d in read_sink(sink.file)]
    after_restart = len(counts.delivered) - at_stop - during
    counts.extra.update(stopped_at=at_stop, delivered_during_outage=during, after_restart=after_restart)
    counts.report(expected)
    assert during <= 1  # at most the message in flight
    assert after_restart > 0  # the same worker carried on
    assert counts.lost(expected) == 0
    assert set(counts.delivered) == expected
    assert counts.duplicates <= counts.faults


def point_this_process_at(redis: EmbeddedRedis, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """This process's Celery app publishes to the scenario's Redis; returns the outcomes of its ``send_task``."""
    monkeypatch.setitem(app.conf, "broker_url", celery_broker_url(redis.url()))
    monkeypatch.setattr(app, "_pool", None)
    monkeypatch.setattr(app.amqp, "_producer_pool", None)
    outcomes: list[str] = []
    real = app.send_task

    def recording(*args: Any, **kwargs: Any) -> Any:
        try:
            result = real(*args, **kwargs)
        except Exception as exc:
            outcomes.append(type(exc).__name__)
            raise
        outcomes.append("queued")
        return result

    monkeypatch.setattr(app, "send_task", recording)
    return outcomes


@pytest.mark.django_db(transaction=True)
def test_redis_down_across_a_commit(
    tmp_path: Path,
    sink: Sink,
    scenario_redis: EmbeddedRedis,
    client: Client,
    make_member: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """An agenda circulated (web request) while Redis is down: the page redirects (no 500), the decision and
    its messages commit, the kick after commit fails; once Redis is back the beat sender delivers every one."""
    police = AgencyFactory(name="Police (faults)", kind=AgencyKind.POLICE)
    area = MaracAreaFactory()
    coordinator = make_member(Role.COORDINATOR, area=area)
    reps = [make_member(Role.REPRESENTATIVE, area=area, agency=police) for _ in range(20)]
    meeting_schedule.meetings_schedule_ahead(area)
    meeting = Meeting.objects.filter(area=area).order_by("date").first()
    assert meeting is not None
    AgendaItem.objects.create(meeting=meeting, case=CaseFactory(area=area), position=1)
    meeting.invited_agencies.add(police)
    meeting.refresh_from_db()
    expected = {rep.email for rep in reps}
    kicks = point_this_process_at(scenario_redis, monkeypatch)
    sign_in_verified(client, coordinator)
    counts = Counts("Redis down across a commit", written=len(reps), delivered=[], faults=1)
    with processes(tmp_path, subprocess_env(scenario_redis, sink)) as started:
        started.beat()
        started.worker()
        wait_for("beat queues the sender", lambda: beat_sent_the_tasks(started), START_SECONDS, interval=0.1)
        scenario_redis.stop()
        posted = time.monotonic()
        response = client.post(reverse("meeting-circulate", args=[meeting.pk]), {"version": meeting.version})
        counts.extra["request_seconds_with_redis_down"] = round(time.monotonic() - posted, 2)
        assert response.status_code == 302
        meeting.refresh_from_db()
        assert meeting.status == MeetingStatus.CIRCULATED
        assert OutboxMessage.objects.filter(kind=MessageKind.AGENDA, sent_at__isnull=True).count() == len(reps)
        assert kicks  # the kick after commit was tried ...
        assert "queued" not in kicks  # ... and failed
        time.sleep(1)  # Redis stays down a moment: nothing can be sent meanwhile
        assert delivered_count(sink.file) == 0
        scenario_redis.start()
        wait_for(
            "every message marked sent",
            lambda: not OutboxMessage.objects.filter(sent_at__isnull=True).exists(),
            DRAIN_SECONDS,
            interval=0.1,
        )
    counts.delivered = [d.to for d in read_sink(sink.file)]
    counts.extra["kicks"] = kicks
    counts.report(expected)
    assert counts.lost(expected) == 0
    assert set(counts.delivered) == expected
    assert counts.duplicates == 0

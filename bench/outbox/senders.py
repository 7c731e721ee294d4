"""Sender processes draining the outbox, and the checks every drain must pass."""

from __future__ import annotations

import multiprocessing
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

_FORK = multiprocessing.get_context("fork")


@dataclass
class Drained:
    """One drain of the outbox by one or more sender processes."""

    senders: int
    seconds: float
    per_sender: list[int]
    failed: int
    cancelled: int
    cpu_seconds: float  # the sender processes' own CPU time (not PostgreSQL's), from the start to the end
    emails: list[tuple[str, str]] = field(default_factory=list)  # (recipient, subject), as the mail server saw them

    @property
    def sent(self) -> int:
        return sum(self.per_sender)


def _sender(ready: Any, go: Any, results: Any, keep_emails: bool) -> None:
    """One sender process: its own database connection, then ``send_due`` until nothing is due."""
    from django.core import mail  # noqa: PLC0415
    from django.db import connection  # noqa: PLC0415

    from marac.outbox import sender  # noqa: PLC0415

    mail.outbox = []
    connection.ensure_connection()
    ready.release()
    go.wait()
    cpu = time.process_time()
    report = sender.send_due(max_seconds=3600)
    cpu = time.process_time() - cpu
    emails = [(m.to[0], m.subject) for m in mail.outbox] if keep_emails else []
    results.put((report.sent, report.failed, report.cancelled, cpu, emails))
    connection.close()


def drain(senders: int, *, locmem: bool) -> Drained:
    """Send every due message with ``senders`` processes started together; timed from the start signal to the
    last process's end."""
    from django.db import connections  # noqa: PLC0415
    from django.urls import get_resolver  # noqa: PLC0415

    # The URLs (for the reminders' link) load once in a long-lived worker: here before the senders start, not timed.
    get_resolver().url_patterns  # noqa: B018
    connections.close_all()  # the children must not share the parent's connection
    ready, go, results = _FORK.Semaphore(0), _FORK.Event(), _FORK.Queue()
    processes = [_FORK.Process(target=_sender, args=(ready, go, results, locmem)) for _ in range(senders)]
    for process in processes:
        process.start()
    for _ in processes:  # each has connected before the start
        assert ready.acquire(timeout=60), "a sender process did not start"
    started = time.perf_counter()
    go.set()
    outcomes = [results.get(timeout=3600) for _ in processes]
    seconds = time.perf_counter() - started
    for process in processes:
        process.join(timeout=60)
        assert process.exitcode == 0, f"a sender process failed ({process.exitcode})"
    return Drained(
        senders=senders,
        seconds=seconds,
        per_sender=sorted((o[0] for o in outcomes), reverse=True),
        failed=sum(o[1] for o in outcomes),
        cancelled=sum(o[2] for o in outcomes),
        cpu_seconds=sum(o[3] for o in outcomes),
        emails=[email for o in outcomes for email in o[4]],
    )


def statements_per_message(count: int = 3) -> float:
    """Statements the sender runs per message, over ``count`` messages sent in this process (and the final
    claim that finds none due)."""
    from django.db import connection  # noqa: PLC0415
    from django.test.utils import CaptureQueriesContext  # noqa: PLC0415

    from marac.outbox import sender  # noqa: PLC0415

    with CaptureQueriesContext(connection) as queries:
        report = sender.send_due(max_messages=count)
    assert report.sent == count, report
    return len(queries) / count


def clear_outbox() -> None:
    from django.db import connection  # noqa: PLC0415

    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE actions_reminderdelivery, marac_outboxmessage")


def check_all_sent(written: int, run: Drained, addresses: list[tuple[str, str]]) -> int:
    """Every message sent, once: returns how many addresses were received more than once (asserted 0)."""
    from marac.outbox.models import DUE, OutboxMessage  # noqa: PLC0415

    assert run.failed == 0, run
    assert run.cancelled == 0, run
    assert run.sent == written, (run.sent, written)
    assert not OutboxMessage.objects.filter(DUE).exists()
    assert OutboxMessage.objects.filter(sent_at__isnull=False).count() == written
    twice = sum(n - 1 for n in Counter(to for to, _ in addresses).values() if n > 1)
    assert len(addresses) == written, (len(addresses), written)
    assert twice == 0, twice
    return twice

"""The throughput runs: notices to distinct users, sent by one and by two senders, through locmem and through the
SMTP sink, each configuration ``repeat`` times in turn."""

from __future__ import annotations

import os
import statistics
import time
from dataclasses import dataclass, field
from typing import Any

from bench.outbox.senders import Drained, check_all_sent, clear_outbox, drain, statements_per_message
from bench.outbox.sink import SmtpSink
from bench.outbox.world import fake, make_users

SUBJECT = "MARAC: a new notice"
BODY = "There is a new notice for you in MARAC case management.\n\nSign in to read it."


@dataclass
class ThroughputRow:
    backend: str
    senders: int
    runs: list[Drained] = field(default_factory=list)
    twice: int = 0

    @property
    def median(self) -> Drained:
        return sorted(self.runs, key=lambda run: run.seconds)[len(self.runs) // 2]


def throughput(messages: int, smtp: bool, repeat: int) -> dict[str, Any]:
    from django.db import transaction  # noqa: PLC0415

    from marac.outbox import services  # noqa: PLC0415
    from marac.outbox.models import MessageKind  # noqa: PLC0415

    users = make_users("user", messages, fake(messages))
    # The sender's statements per message, on three messages sent here.
    with transaction.atomic():
        services.enqueue(MessageKind.NOTICE, users[:3], subject=SUBJECT, body=BODY)
    statements = statements_per_message(3)
    sink = SmtpSink() if smtp else None
    backends = _backends(sink)
    rows = {(backend, senders): ThroughputRow(backend, senders) for backend, _ in backends for senders in (1, 2)}
    enqueue_seconds: list[float] = []
    loads: list[float] = []
    try:
        # Each configuration in turn, ``repeat`` times round, so that the machine's other work falls on them alike.
        for attempt in range(repeat):
            for backend, overrides in backends:
                for senders in (1, 2):
                    enqueue_seconds.append(_enqueue(users))
                    loads.append(os.getloadavg()[0])
                    _run(rows[backend, senders], overrides, sink, messages, f"{attempt + 1}/{repeat}")
    finally:
        if sink is not None:
            sink.stop()
    return {
        "messages": messages,
        "repeat": repeat,
        "enqueue_seconds": statistics.median(enqueue_seconds),
        "statements": statements,
        "rows": list(rows.values()),
        "loads": loads,
    }


def _backends(sink: SmtpSink | None) -> list[tuple[str, dict[str, Any]]]:
    """The mail backends to run through, with the settings that select each: locmem, and the sink if any."""
    backends: list[tuple[str, dict[str, Any]]] = [("locmem", {})]
    if sink is not None:
        backends.append(
            (
                "SMTP sink",
                {
                    "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                    "EMAIL_HOST": "127.0.0.1",
                    "EMAIL_PORT": sink.port,
                    "EMAIL_USE_TLS": False,
                    "EMAIL_USE_SSL": False,
                    "EMAIL_HOST_USER": "",
                    "EMAIL_HOST_PASSWORD": "",
                    "EMAIL_TIMEOUT": 10,
                },
            )
        )
    return backends


def _enqueue(users: list[int]) -> float:
    """An empty outbox, then a notice to every user in one transaction: the seconds that took."""
    from django.db import transaction  # noqa: PLC0415

    from marac.outbox import services  # noqa: PLC0415
    from marac.outbox.models import MessageKind  # noqa: PLC0415

    clear_outbox()
    started = time.perf_counter()
    with transaction.atomic():
        services.enqueue(MessageKind.NOTICE, users, subject=SUBJECT, body=BODY)
    return time.perf_counter() - started


def _run(row: ThroughputRow, overrides: dict[str, Any], sink: SmtpSink | None, messages: int, attempt: str) -> None:
    """One drain of the ``messages`` enqueued, checked and added to its row."""
    from django.test import override_settings  # noqa: PLC0415

    with override_settings(**overrides):
        run = drain(row.senders, locmem=row.backend == "locmem")
    addresses = run.emails if sink is None or row.backend == "locmem" else sink.take()
    row.twice += check_all_sent(messages, run, addresses)
    row.runs.append(run)
    print(
        f"  {attempt} {row.backend}, {row.senders} sender(s): {run.seconds:.2f} s,"
        f" {messages / run.seconds:,.0f} messages/s, {run.per_sender}",
        flush=True,
    )

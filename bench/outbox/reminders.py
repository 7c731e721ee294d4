"""The drain runs: due action reminders swept into the outbox, then drained by one sender and by two."""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from typing import Any

from bench.outbox.senders import Drained, check_all_sent, clear_outbox, drain, statements_per_message
from bench.outbox.world import make_reminder_world


@dataclass
class DrainRow:
    sweep_seconds: float
    written: int
    messages: int
    run: Drained
    subject_total: int


def drain_reminders(reminders: int) -> dict[str, Any]:
    from actions.reminders import sweep  # noqa: PLC0415

    started = time.perf_counter()
    world = make_reminder_world(reminders)
    setup_seconds = time.perf_counter() - started
    print(
        f"  {world.actions:,} actions in {world.areas} areas, {world.representatives:,} representatives "
        f"({setup_seconds:.1f} s)",
        flush=True,
    )
    rows = [_sweep_and_drain(senders, reminders) for senders in (1, 2)]
    # The statements per reminders message, on one sent here after a third sweep.
    clear_outbox()
    sweep.sweep()
    statements = statements_per_message(1)
    return {"world": world, "setup_seconds": setup_seconds, "statements": statements, "rows": rows}


def _sweep_and_drain(senders: int, reminders: int) -> DrainRow:
    """An empty outbox, a timed sweep, and the drain of the messages it wrote by ``senders`` senders, checked."""
    from actions.models import ReminderDelivery  # noqa: PLC0415
    from actions.reminders import sweep  # noqa: PLC0415
    from marac.outbox.models import OutboxMessage  # noqa: PLC0415

    clear_outbox()
    started = time.perf_counter()
    written = sweep.sweep()
    swept = time.perf_counter() - started
    assert written == reminders, (written, reminders)
    messages = OutboxMessage.objects.count()
    assert ReminderDelivery.objects.filter(message__isnull=True).count() == 0
    print(f"  sweep {swept:.2f} s: {written:,} reminders in {messages:,} messages", flush=True)
    run = drain(senders, locmem=True)
    check_all_sent(messages, run, run.emails)
    assert not ReminderDelivery.objects.filter(sent_at__isnull=True).exists()
    counts = [re.search(r"(\d+) reminders?$", subject) for _, subject in run.emails]
    subject_total = sum(int(c.group(1)) for c in counts if c)
    assert subject_total == written, (subject_total, written)
    print(f"    drained in {run.seconds:.2f} s, {messages / run.seconds:,.0f} messages/s, {run.per_sender}")
    return DrainRow(swept, written, messages, run, subject_total)

"""Faults in time, in this process: a mail server failing for 20 minutes of simulated time, and a clock that
jumps forward and back around action reminders. A fake clock (``django.utils.timezone.now`` and ``localdate``
patched) drives the real sweep and sender; mail goes to the sink, which counts what was delivered."""

from __future__ import annotations

import contextlib
import time
from collections import Counter, defaultdict
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from datetime import time as clock_time
from itertools import pairwise
from typing import Any
from unittest import mock

import pytest
from django.db import transaction
from django.utils import timezone

from actions.models import Action, ReminderDelivery, ReminderKind
from actions.reminders import sweep as reminders
from marac.models import AgencyKind, Role
from marac.outbox import selectors, sender, services
from marac.outbox.models import MessageKind, OutboxMessage
from tests.factories import AgencyFactory, CaseFactory, MaracAreaFactory
from tests.faults.conftest import Sink
from tests.faults.mailsink import read_sink
from tests.faults.procs import Counts

pytestmark = [pytest.mark.faults, pytest.mark.django_db]

SENDER_EVERY = timedelta(seconds=30)  # the beat entry's interval


class FakeClock:
    """The time the application sees: ``timezone.now()`` and ``timezone.localdate()``."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def advance(self, delta: timedelta) -> None:
        self.now += delta

    def set_day(self, day: date) -> None:
        self.now = timezone.make_aware(datetime.combine(day, clock_time(12)))

    @contextlib.contextmanager
    def patched(self) -> Iterator[FakeClock]:
        real_localdate = timezone.localdate

        def localdate(value: datetime | None = None, timezone: Any = None) -> date:
            return real_localdate(self.now if value is None else value, timezone)

        with (
            mock.patch("django.utils.timezone.now", side_effect=lambda: self.now),
            mock.patch("django.utils.timezone.localdate", side_effect=localdate),
        ):
            yield self


def test_mail_failing_for_20_minutes_drops_nothing_and_warns(sink_in_process: Sink, make_member: Any) -> None:
    """The sender runs every 30 simulated seconds while the mail server refuses everything for 20 minutes:
    nothing is sent, cancelled or given up; each failure is recorded with its backoff; once a message has
    failed the configured number of times it shows to the area's coordinator and in health. Then the
    server recovers and every message is sent, once."""
    sink = sink_in_process
    area = MaracAreaFactory()
    coordinator = make_member(Role.COORDINATOR, area=area)
    people = [make_member(Role.REPRESENTATIVE, area=area) for _ in range(10)]
    warn_after = selectors.warn_after_attempts()
    started = time.monotonic()
    clock = FakeClock(timezone.now())
    tries: dict[int, list[datetime]] = defaultdict(list)

    def record_tries() -> None:
        for message in OutboxMessage.objects.all():
            if message.last_attempt_at is not None and len(tries[message.pk]) < message.attempts:
                tries[message.pk].append(message.last_attempt_at)

    with clock.patched():
        with transaction.atomic():
            written = services.enqueue(
                MessageKind.NOTICE, people, subject="MARAC: fault test notice", body="Sign in", area_id=area.pk
            )
        outage_ends = clock.now + timedelta(minutes=20)
        sink.fail()
        while clock.now <= outage_ends:
            assert sender.send_due().sent == 0
            record_tries()
            failing = {m.pk for m in OutboxMessage.objects.filter(attempts__gte=warn_after)}
            assert set(selectors.undelivered_for(coordinator).values_list("pk", flat=True)) == failing
            assert selectors.health().failing == len(failing)
            clock.advance(SENDER_EVERY)
        messages = list(OutboxMessage.objects.order_by("pk"))
        assert all(m.sent_at is None and m.cancelled_at is None for m in messages)
        assert all(m.last_error == "ConnectionRefusedError" for m in messages)
        assert min(m.attempts for m in messages) >= warn_after  # every one has warned by now
        assert selectors.undelivered_for(coordinator).count() == len(written)
        assert not selectors.health().ok
        for pk, times in tries.items():  # each retry waited at least its backoff (1, 2, 4 ... minutes)
            for attempt, (before, after) in enumerate(pairwise(times), start=1):
                assert after - before >= sender.retry_delay(attempt), (pk, attempt)
        failed_attempts = {m.pk: m.attempts for m in messages}

        sink.recover()
        recovered_at = clock.now
        while OutboxMessage.objects.filter(sent_at__isnull=True).exists():
            assert clock.now - recovered_at <= sender.LONGEST_RETRY + SENDER_EVERY, "not sent within the backoff"
            sender.send_due()
            clock.advance(SENDER_EVERY)
        drained_after = clock.now - recovered_at
        assert selectors.undelivered_for(coordinator).count() == 0
        assert selectors.health().failing == 0

    expected = {p.email for p in people}
    counts = Counts("mail down 20 simulated minutes", written=len(written), delivered=[], faults=1)
    counts.started = started
    counts.delivered = [d.to for d in read_sink(sink.file)]
    counts.extra.update(
        failed_attempts_per_message=f"{min(failed_attempts.values())}-{max(failed_attempts.values())}",
        warn_after=warn_after,
        simulated_minutes_to_drain_after_recovery=round(drained_after.total_seconds() / 60, 1),
    )
    counts.report(expected)
    assert counts.lost(expected) == 0
    assert set(counts.delivered) == expected
    assert counts.duplicates == 0
    for message in OutboxMessage.objects.all():
        assert message.sent_at is not None
        assert message.cancelled_at is None
        assert message.attempts == failed_attempts[message.pk] + 1  # every try recorded, the last one sent
        assert message.last_error == ""


def reminder_day(kind: str, due: date, first_day: date, area: Any) -> date | None:
    """The oracle: the day a daily sweep under a right clock first sends ``kind`` about an action due ``due``."""
    if kind == ReminderKind.DUE_SOON:
        day = max(due - timedelta(days=area.action_due_soon_days), first_day)
        return day if day < due else None
    if kind == ReminderKind.DUE_TODAY:
        return due
    if kind == ReminderKind.OVERDUE:
        return due + timedelta(days=1)
    return due + timedelta(days=area.action_escalation_days)


def sent_reminders(body: str) -> list[tuple[str, str]]:
    """(kind, action reference) of each reminder in an email's text."""
    kinds = {kind.label: kind.value for kind in ReminderKind}
    found, kind = [], None
    for line in body.splitlines():
        if line.startswith("  - ") and kind is not None:
            found.append((kind, line.removeprefix("  - ").split(",")[0]))
        elif ": " in line and line.rsplit(": ", 1)[0] in kinds:
            kind = kinds[line.rsplit(": ", 1)[0]]
    return found


def test_a_clock_jumping_forward_and_back_loses_no_reminder_and_sends_none_early(
    sink_in_process: Sink, make_member: Any
) -> None:
    """27 days of a daily sweep and sender runs, with the clock 12 days ahead three times: on day 2 for a sweep
    only (the sender runs once it is put back), on days 9 and 13 (actions due those days) for a sweep and two
    sender runs, after that day's sweep and before its sender. Each reminder that is really due is sent
    exactly once, on its day: none lost (one sent under the wrong clock is sent again when really due), none
    twice, and none ahead of its date under the right clock."""
    sink = sink_in_process
    police = AgencyFactory(name="Police (faults)", kind=AgencyKind.POLICE)
    area = MaracAreaFactory(action_due_soon_days=3, action_escalation_days=7)
    area.core_agencies.set([police])
    coordinator = make_member(Role.COORDINATOR, area=area)
    reps = [make_member(Role.REPRESENTATIVE, area=area, agency=police) for _ in range(2)]
    first_day = timezone.localdate()
    actions = [
        Action.objects.create(
            case=CaseFactory(area=area),
            owner_agency=police,
            description="Visit",
            focus="survivor",
            due_date=first_day + timedelta(days=offset),
            created_by=coordinator,
        )
        for offset in (1, 3, 6, 9, 13, 16)
    ]
    days = [first_day + timedelta(days=n) for n in range(27)]
    ahead = timedelta(days=12)
    sweep_only, sweep_and_send = {days[2]}, {days[9], days[13]}
    expected: dict[tuple[str, str, str], date] = {}
    for action in actions:
        for kind in ReminderKind:
            day = reminder_day(kind, action.due_date, first_day, area)
            recipients = [coordinator] if kind == ReminderKind.ESCALATION else reps
            if day is not None and day <= days[-1]:
                for person in recipients:
                    expected[(person.email, kind.value, action.reference)] = day

    started = time.monotonic()
    clock = FakeClock(timezone.now())
    # (true day, clock's day, recipient, kind, reference) of every reminder delivered
    delivered: list[tuple[date, date, str, str, str]] = []

    def run(true_day: date, clock_day: date, *, send: int) -> None:
        clock.set_day(clock_day)
        assert timezone.localdate() == clock_day
        reminders.sweep(today=clock_day)
        before = len(read_sink(sink.file))
        for _ in range(send):
            sender.send_due()
            clock.advance(SENDER_EVERY)
        for email in read_sink(sink.file)[before:]:
            delivered.extend((true_day, clock_day, email.to, *sent) for sent in sent_reminders(email.body))

    with clock.patched():
        for day in days:
            if day in sweep_and_send:
                run(day, day, send=0)
                run(day, day + ahead, send=2)
            run(day, day, send=2)
            if day in sweep_only:
                run(day, day + ahead, send=0)
                run(day, day, send=2)
        assert not OutboxMessage.objects.filter(sent_at__isnull=True, cancelled_at__isnull=True).exists()
        assert not ReminderDelivery.objects.filter(swept_on__gt=days[-1]).exists()

    # On time: on or after the day it is due (a reminder not due within the 27 days never is).
    on_time = [(d, c, *key) for d, c, *key in delivered if tuple(key) in expected and d >= expected[tuple(key)]]
    early = [row for row in delivered if row not in on_time]
    counts = Counts("clock jumped 12 days ahead and back x3", written=len(expected), delivered=[], faults=3)
    counts.started = started
    counts.delivered = [" ".join(key) for _, _, *key in on_time]
    counts.extra.update(
        early_under_wrong_clock=sum(1 for d, c, *_ in early if c != d),
        early_under_right_clock=sum(1 for d, c, *_ in early if c == d),
        cancelled_messages=OutboxMessage.objects.filter(cancelled_at__isnull=False).count(),
    )
    counts.report({" ".join(key) for key in expected})
    assert counts.lost({" ".join(key) for key in expected}) == 0
    assert counts.duplicates == 0
    assert Counter(tuple(key) for _, _, *key in on_time) == Counter(expected.keys())
    for true_day, _, *key in on_time:
        assert true_day == expected[tuple(key)], key  # on its day, not late
    assert all(clock_day != true_day for true_day, clock_day, *_ in early)  # none early under the right clock
    assert early  # the clock ahead did send reminders early; they were sent again when really due

"""The outbox sender: each due message sent and marked sent in a transaction of its own.

``send_due`` claims the next due message with ``SELECT ... FOR UPDATE SKIP
LOCKED`` (so any number of senders share the work and never take the same
row), makes its text, sends it and marks it sent before committing. A sender
killed at any point leaves at most the one message it was sending unmarked:
that message is sent again by the next run, and no other. A database blip
rolls back only the message in hand.

A failed send is counted and tried again later, with a delay that doubles up
to an hour; it is never given up. After ``MARAC_OUTBOX_WARN_AFTER_ATTEMPTS``
failures it shows as not delivered to the area's coordinators and the
administrators (``/messages/undelivered/``) and in ``/health/``.

A message whose next try lies further ahead than the longest delay was
scheduled under a clock that has since gone back: it is due now.
"""

from __future__ import annotations

import contextlib
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.utils import timezone

from marac.outbox.models import LONGEST_RETRY, OutboxMessage, due_now

logger = logging.getLogger(__name__)

FIRST_RETRY = timedelta(minutes=1)
# Consecutive failures after which a run stops (the mail server is down): the rest wait for the next run.
STOP_AFTER_FAILURES = 3


@dataclass(frozen=True)
class Email:
    to: str
    subject: str
    body: str


Renderer = Callable[[OutboxMessage], Email | None]
_renderers: dict[str, Renderer] = {}


def register_renderer(kind: str, renderer: Renderer) -> None:
    """Make the text of ``kind`` messages at sending, with ``renderer`` (from the app that owns what they are
    about). It runs in the message's transaction; returning None cancels the message (nothing left to say)."""
    _renderers[kind] = renderer


def stored_text(message: OutboxMessage) -> Email | None:
    """The text written with the message, to its recipient if their account is still open."""
    recipient = message.recipient
    if recipient is None or not recipient.is_active or not recipient.email:
        return None
    return Email(recipient.email, message.subject, message.body)


def retry_delay(attempts: int) -> timedelta:
    """1, 2, 4, ... minutes after the 1st, 2nd, 3rd ... failure, at most an hour."""
    return min(FIRST_RETRY * (1 << min(max(attempts - 1, 0), 16)), LONGEST_RETRY)


@dataclass
class SendReport:
    sent: int = 0
    failed: int = 0
    cancelled: int = 0
    errors: dict[str, int] = field(default_factory=dict)

    @property
    def handled(self) -> int:
        return self.sent + self.failed + self.cancelled


class _Mailer:
    """One mail connection reused across messages, reopened after a failure."""

    def __init__(self) -> None:
        self.connection: Any = None

    def send(self, email: Email) -> None:
        try:
            if self.connection is None:
                self.connection = get_connection(fail_silently=False)
                self.connection.open()  # kept open across messages; closed after the run or a failure
            message = EmailMessage(
                email.subject, email.body, settings.DEFAULT_FROM_EMAIL, [email.to], connection=self.connection
            )
            if not message.send():
                raise OSError("the mail server accepted no message")
        except Exception:
            self.close()
            raise

    def close(self) -> None:
        if self.connection is not None:
            with contextlib.suppress(Exception):  # closing a broken connection may fail too
                self.connection.close()
            self.connection = None


def _send_one(mailer: _Mailer, report: SendReport) -> bool:
    """Claim, send and mark one due message. False when none is due."""
    with transaction.atomic():
        now = timezone.now()
        message = (
            OutboxMessage.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("recipient")
            .filter(due_now(now))
            .order_by("next_attempt_at", "pk")
            .first()
        )
        if message is None:
            return False
        message.attempts += 1
        message.last_attempt_at = now
        renderer = _renderers.get(message.kind)
        try:
            # A renderer may write (an invitation's link, reminders marked sent): in a savepoint, undone if the send
            # fails. Stored text writes nothing, and needs none.
            with transaction.atomic() if renderer else contextlib.nullcontext():
                email = (renderer or stored_text)(message)
                if email is not None:
                    mailer.send(email)
        except Exception as exc:  # noqa: BLE001 - any failure leaves the message to try again, never lost
            error = type(exc).__name__
            report.failed += 1
            report.errors[error] = report.errors.get(error, 0) + 1
            message.last_error = error
            message.next_attempt_at = now + retry_delay(message.attempts)
            message.save(update_fields=["attempts", "last_attempt_at", "last_error", "next_attempt_at"])
            logger.warning("Outbox message %s not sent (%s); attempt %s", message.pk, error, message.attempts)
            return True
        if email is None:
            message.cancelled_at = now
            message.cancel_reason = "nothing left to send"
            message.save(update_fields=["attempts", "last_attempt_at", "cancelled_at", "cancel_reason"])
            report.cancelled += 1
        else:
            message.sent_at = timezone.now()
            message.last_error = ""
            message.save(update_fields=["attempts", "last_attempt_at", "sent_at", "last_error"])
            report.sent += 1
    return True


def send_due(*, max_seconds: float = 50.0, max_messages: int | None = None) -> SendReport:
    """Send due messages one transaction at a time until none is due, ``max_seconds`` pass,
    ``max_messages`` are handled, or the mail server fails ``STOP_AFTER_FAILURES`` times running."""
    report = SendReport()
    mailer = _Mailer()
    started = time.monotonic()
    failures_running = 0
    try:
        while time.monotonic() - started < max_seconds:
            if max_messages is not None and report.handled >= max_messages:
                break
            failed_before = report.failed
            if not _send_one(mailer, report):
                break
            failures_running = failures_running + 1 if report.failed > failed_before else 0
            if failures_running >= STOP_AFTER_FAILURES:
                break
    finally:
        mailer.close()
    return report

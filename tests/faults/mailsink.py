"""A slow test mail server: each delivered message appended to a file (JSON lines, flushed and fsynced),
refusing every message while a flag file exists.

Used in-process (``settings.EMAIL_BACKEND``) and by the worker subprocesses (``tests.faults.settings``); the
file survives a SIGKILL of the process that wrote it, so the test counts what was really delivered.
"""

from __future__ import annotations

import json
import os
import random
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.core.mail.backends.base import BaseEmailBackend


class SinkBackend(BaseEmailBackend):
    """Settings: ``FAULTS_MAIL_SINK`` (the file), ``FAULTS_MAIL_FAIL_FLAG`` (refuse while it exists) and
    ``FAULTS_MAIL_DELAY_MS`` ((low, high) milliseconds per message; half before delivery, half after)."""

    def __init__(self, fail_silently: bool = False, **kwargs: Any) -> None:
        super().__init__(fail_silently=fail_silently, **kwargs)
        self.sink = Path(settings.FAULTS_MAIL_SINK)
        self.fail_flag = Path(settings.FAULTS_MAIL_FAIL_FLAG)
        low, high = settings.FAULTS_MAIL_DELAY_MS
        self.delay_ms = (float(low), float(high))

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        delivered = 0
        for message in email_messages:
            if self.fail_flag.exists():
                if self.fail_silently:
                    return delivered
                raise ConnectionRefusedError("the test mail server refuses mail")
            delay = random.uniform(*self.delay_ms) / 1000
            time.sleep(delay / 2)
            line = json.dumps({"to": message.to, "subject": message.subject, "body": message.body})
            with open(self.sink, "a", encoding="utf-8") as handle:
                handle.write(line + "\n")
                handle.flush()
                os.fsync(handle.fileno())
            time.sleep(delay / 2)  # the server took it; the sender has not heard back yet
            delivered += 1
        return delivered


@dataclass(frozen=True)
class Delivered:
    to: str
    subject: str
    body: str


def read_sink(path: Path) -> list[Delivered]:
    """Every message the sink delivered, in order (one line each; each written whole by one write)."""
    if not path.exists():
        return []
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        rows.append(Delivered(to=",".join(record["to"]), subject=record["subject"], body=record["body"]))
    return rows


def delivered_count(path: Path) -> int:
    if not path.exists():
        return 0
    with open(path, "rb") as handle:
        return sum(1 for _ in handle)

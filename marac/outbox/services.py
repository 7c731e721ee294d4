"""Writing to the outbox, and asking it to try again.

``enqueue`` is called inside the transaction that decides to send: the rows
commit with the decision or not at all. After the commit the sender is asked
to run at once; if that fails (Redis down) nothing is lost, since the beat
sender finds every due row on its next run (within a minute).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from celery import current_app
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from marac import audit
from marac.models import AuditVerb, User
from marac.outbox import selectors
from marac.outbox.models import MessageKind, OutboxMessage

logger = logging.getLogger(__name__)

SEND_TASK = "marac.tasks.send_outbox"


def kick_sender() -> None:
    """Ask a worker to run the sender now. Never raises: the beat schedule is the guarantee."""
    try:
        current_app.send_task(SEND_TASK, expires=120, retry=False)  # no waiting on a broker that is down
    except Exception:  # noqa: BLE001 - a broker outage must not undo or fail the decision already committed
        logger.warning("Could not queue the outbox sender; the beat schedule will send the messages")


def enqueue(
    kind: MessageKind | str,
    recipients: Iterable[User | int],
    *,
    subject: str = "",
    body: str = "",
    area_id: int | None = None,
    reference: str = "",
) -> list[OutboxMessage]:
    """One message per recipient, written in the caller's transaction; the sender is asked to run after commit.

    ``subject`` and ``body`` must carry no personal data: a reference, a date, counts and a link."""
    now = timezone.now()
    rows = [
        OutboxMessage(
            kind=kind,
            recipient_id=r if isinstance(r, int) else r.pk,
            area_id=area_id,
            subject=subject[:200],
            body=body,
            reference=reference,
            created_at=now,
            next_attempt_at=now,
        )
        for r in dict.fromkeys(recipients)
    ]
    if not rows:
        return []
    created = OutboxMessage.objects.bulk_create(rows)
    transaction.on_commit(kick_sender)
    return created


def enqueue_to_address(kind: MessageKind | str, *, reference: str, area_id: int | None = None) -> OutboxMessage:
    """A message to someone who has no account yet (an invitation): its renderer supplies the address and text."""
    message = OutboxMessage.objects.create(kind=kind, reference=reference, area_id=area_id)
    transaction.on_commit(kick_sender)
    return message


def retry_now(*, actor: User, request: HttpRequest | None = None) -> int:
    """Try every undelivered message the actor looks after again now (not waiting for its backoff).

    Coordinators (their areas' messages) and system administrators only. Returns how many will be tried."""
    if not selectors.can_see_undelivered(actor):
        raise PermissionDenied
    with transaction.atomic():
        ids = list(selectors.undelivered_for(actor).values_list("pk", flat=True))
        count = OutboxMessage.objects.filter(pk__in=ids).filter(selectors.DUE).update(next_attempt_at=timezone.now())
        audit.record(
            actor=actor,
            verb=AuditVerb.CHANGE,
            object_type="marac.outboxmessage",
            detail={"action": "retry_undelivered", "count": count},
            request=request,
        )
        transaction.on_commit(kick_sender)
    return count
